import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, matchesGlob, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// electron-builder.yml as electron-builder itself reads, validates and turns it into fuses, and
// those fuses flipped by the same @electron/fuses on a file laid out like Electron's fuse wire.
// Packaging cannot run here (no Electron binary to package), so this is what proves the config.

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface FuseOptions {
  [key: string]: boolean | undefined;
}
interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  npmRebuild?: boolean;
  files?: { filter?: string[] }[];
  asarUnpack?: string[];
  extraResources?: { from: string; to: string }[];
  electronFuses?: FuseOptions;
  linux?: { target?: string[]; maintainer?: string };
}
type FuseConfig = Record<string, unknown> & { version: string };

const configModule = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
// The package's entry first: its modules import each other in a cycle that only resolves from there.
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: FuseOptions): Promise<FuseConfig> } };
};
const fuses = require('@electron/fuses') as {
  FuseV1Options: Record<string, number>;
  flipFuses(path: string, config: FuseConfig): Promise<number>;
  getCurrentFuseWire(path: string): Promise<Record<string, unknown>>;
};
// Not exported from its entry: the sentinel Electron's binary carries and the wire's byte values.
const { SENTINEL, FuseState } = require('@electron/fuses/dist/constants.js') as {
  SENTINEL: string;
  FuseState: { DISABLE: number; ENABLE: number };
};
const { FuseV1Options: Fuse } = fuses;

const quietLogger = { isEnabled: false, add: () => {} };
const loadConfig = () => configModule.getConfig(ROOT, 'electron-builder.yml', null);

/** What each fuse must be in the packaged app. */
const REQUIRED: Record<string, boolean> = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  EnableCookieEncryption: true,
  GrantFileProtocolExtraPrivileges: false,
};

describe('electron-builder.yml', () => {
  let config: BuilderConfig;
  const dirs: string[] = [];
  beforeAll(async () => {
    config = await loadConfig();
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("passes electron-builder's own schema", async () => {
    await expect(configModule.validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
    // The schema does catch a misspelt fuse, so the check above means something.
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } };
    await expect(configModule.validateConfiguration(misspelt, quietLogger)).rejects.toThrow(/configuration\.electronFuses/);
  });

  it('names the app as package.json does and ships the built app, its config and icon in an asar', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { productName: string; main: string; scripts: Record<string, string> };
    expect(config.productName).toBe(pkg.productName);
    expect(config.productName).toBe('Voice Assistant');
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.asar).toBe(true);
    const files = config.files?.flatMap((set) => set.filter ?? []) ?? [];
    expect(files).toEqual(expect.arrayContaining(['out/**', 'config/**', 'resources/**']));
    expect(matchesGlob(pkg.main, 'out/**')).toBe(true);
    // src/main/app/main.ts reads process.resourcesPath/config and process.resourcesPath/icon.png.
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        { from: 'config', to: 'config' },
        { from: 'resources/icon.png', to: 'icon.png' },
      ]),
    );
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux?.maintainer).toBeTruthy();
    expect(config.npmRebuild).toBe(false);
    expect(pkg.scripts.package).toMatch(/electron-vite build && electron-builder --config electron-builder\.yml/);
  });

  it("unpacks onnxruntime-node's native files and the Silero models from the asar", () => {
    const unpacked = (path: string) => (config.asarUnpack ?? []).some((pattern) => matchesGlob(path, pattern));
    const bin = join(ROOT, 'node_modules/onnxruntime-node/bin');
    const native = readdirSync(bin, { recursive: true, encoding: 'utf8' })
      .map((file) => relative(ROOT, join(bin, file)))
      .filter((file) => /\.node$|\.so(\.\d+)*$/.test(file));
    expect(native.length).toBeGreaterThan(0);
    for (const file of native) expect(unpacked(file), file).toBe(true);
    for (const version of ['v5', 'v6']) {
      const model = `node_modules/@ricky0123/vad-web/dist/silero_vad_${version}.onnx`;
      expect(existsSync(join(ROOT, model)), model).toBe(true);
      expect(unpacked(model), model).toBe(true);
    }
    expect(unpacked('out/main/index.js')).toBe(false);
  });

  it('sets every required fuse', () => {
    const options = config.electronFuses ?? {};
    const key = (fuse: string) => (fuse === 'RunAsNode' ? 'runAsNode' : fuse[0]?.toLowerCase() + fuse.slice(1));
    for (const [fuse, value] of Object.entries(REQUIRED)) expect(options[key(fuse)], fuse).toBe(value);
    // It needs a snapshot file of its own; left as Electron ships it.
    expect(options.loadBrowserProcessSpecificV8Snapshot).toBeUndefined();
  });

  it('flips those fuses in an Electron-like binary the way electron-builder does', async () => {
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call(undefined, config.electronFuses ?? {});
    // A stock Electron's wire: version 1, 8 fuses, RunAsNode, NODE_OPTIONS, inspect and file:// on.
    const stock = [1, 0, 1, 1, 0, 0, 0, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE));
    const before = Buffer.from('\x7fELF some code');
    const after = Buffer.from(`more code ${'x'.repeat(64)}`);
    const binary = Buffer.concat([before, Buffer.from(SENTINEL, 'ascii'), Buffer.from([1, stock.length, ...stock]), after]);
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
    dirs.push(dir);
    const file = join(dir, 'voice-assistant');
    writeFileSync(file, binary);

    await expect(fuses.flipFuses(file, fuseConfig)).resolves.toBe(1);

    const wire = await fuses.getCurrentFuseWire(file);
    expect(wire.version).toBe('1');
    for (const [fuse, value] of Object.entries(REQUIRED)) {
      const index = Fuse[fuse] as number;
      expect(wire[index], fuse).toBe(value ? FuseState.ENABLE : FuseState.DISABLE);
    }
    expect(wire[Fuse.LoadBrowserProcessSpecificV8Snapshot as number]).toBe(FuseState.DISABLE);
    // Only the wire changed: same length, the bytes around it untouched.
    const flipped = readFileSync(file);
    expect(flipped.length).toBe(binary.length);
    expect(flipped.subarray(0, before.length + SENTINEL.length + 2)).toEqual(binary.subarray(0, before.length + SENTINEL.length + 2));
    expect(flipped.subarray(flipped.length - after.length)).toEqual(after);
  });

  const electronBinary = join(ROOT, 'node_modules/electron/dist/electron');
  it.skipIf(!existsSync(electronBinary))("fits the installed Electron's fuse wire (where its binary is installed)", async () => {
    const wire = await fuses.getCurrentFuseWire(electronBinary);
    expect(wire.version).toBe('1');
    const length = Object.keys(wire).filter((k) => k !== 'version').length;
    for (const fuse of Object.keys(REQUIRED)) expect(Fuse[fuse] as number, fuse).toBeLessThan(length);
  });
});
