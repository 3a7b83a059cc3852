// `npm start`: builds, then opens the desktop app. Where Electron cannot start, says why in one line
// and runs the headless host instead, printing its URL.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runHeadlessHost } from '../src/main/server/main.ts';
import { displayProblem, findElectronBinary } from './electron-binary.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** An Electron that dies this soon after launch failed to start rather than being closed by the user. */
const EARLY_EXIT_MS = 5000;

function build(): void {
  const result = spawnSync('electron-vite', ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('Build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

async function fallBackToHeadless(reason: string): Promise<void> {
  console.log(`Electron cannot start: ${reason}. Starting the headless host instead.`);
  await runHeadlessHost(process.argv.slice(2));
}

async function main(): Promise<void> {
  build();
  const binary = findElectronBinary();
  if ('reason' in binary) return fallBackToHeadless(binary.reason);
  const noDisplay = displayProblem();
  if (noDisplay) return fallBackToHeadless(noDisplay);

  const startedAt = Date.now();
  const child = spawn(binary.path, ['.'], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
  });
  child.on('error', (error) => void fallBackToHeadless(`Electron failed to launch (${error.message})`));
  child.on('exit', (code, signal) => {
    const early = Date.now() - startedAt < EARLY_EXIT_MS;
    if (early && code !== 0) {
      const lastLine = stderrTail.trim().split('\n').at(-1) ?? `exit code ${code ?? signal}`;
      void fallBackToHeadless(`Electron exited at start (${lastLine})`);
    } else {
      process.exit(code ?? 0);
    }
  });
}

main().catch((error: unknown) => {
  console.error(`Could not start: ${(error as Error).message}`);
  process.exit(1);
});
