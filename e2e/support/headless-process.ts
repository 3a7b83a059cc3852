import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface HeadlessProcess {
  /** The page, token path included: `http://127.0.0.1:<port>/t/<token>/`. */
  url: string;
  origin: string;
  token: string;
  /** The WebSocket beside the page. */
  socketUrl: string;
  pid: number;
  /** Null while it runs; its exit code or signal once it ended. */
  exit: () => number | string | null;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs `src/main/server/main.ts` as its own process, exactly as `npm run serve` does after building. */
export async function startHeadlessProcess(dataDir: string, extraArgs: readonly string[] = [], env: Record<string, string> = {}): Promise<HeadlessProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', 'src/main/server/main.ts', '--port', '0', '--data-dir', dataDir, ...extraArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENAI_API_KEY: '', ASSISTANT_TOKEN: '', ...env } },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless host printed no URL in 20 s:\n${output}`)), 20_000);
    const check = () => {
      const match = /Open: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless host exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  let exit: number | string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = code ?? signal ?? 'unknown';
      resolve();
    }),
  );
  return {
    url,
    origin: parsed.origin,
    token: parsed.pathname.split('/')[2]!,
    socketUrl: `${url.replace(/^http/, 'ws')}ws`,
    pid: child.pid!,
    exit: () => exit,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
