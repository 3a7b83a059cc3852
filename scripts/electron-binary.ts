import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the Electron binary is, without triggering the electron package's lazy download (which
 * cannot succeed offline). Returns the reason in one line when there is none.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): { path: string } | { reason: string } {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(path) ? { path } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary at ${path}` };
  }
  if (!relative) {
    return {
      reason:
        'no Electron binary is installed (the electron package downloads it on first run, and this machine cannot reach its download host; set ELECTRON_OVERRIDE_DIST_PATH to a folder that has one)',
    };
  }
  const path = join(packageDir, 'dist', relative);
  return existsSync(path) ? { path } : { reason: `the Electron binary ${path} is missing` };
}

/** On Linux a window needs an X11 or Wayland display. */
export function displayProblem(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'no display is available (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}
