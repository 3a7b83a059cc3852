import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { percentile, round } from './support/stats.ts';
import { sized } from './support/scale.ts';

// The headless host under concurrent sessions: 10, 50 and 200 WebSocket clients, each with its own
// session, asking typed questions the local specialists answer, one after another per client. The
// host runs in its own process (bench/support/host-main.ts); the clients share this one.
// Reports asks/s, each ask's round trip (p50/p99), the host process's CPU time per ask (its own
// work, whatever else the machine runs), and the events a client received for a session that is
// not its own (must be 0). A last run keeps 200 idle sockets connected beside 10 busy
// sessions: idle connections must cost the busy ones little.

const LEVELS = [10, 50, 200];
/** Asks per level, spread over its clients. */
const ASKS_PER_LEVEL = sized(600, 1);
const CITIES = ['Tokyo', 'London', 'Paris', 'Sydney', 'New York', 'Berlin', 'Madrid', 'Toronto'];

interface Host {
  url: string;
  /** CPU time the host process has used so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

interface Client {
  sessionId: string;
  request(method: string, params?: unknown): Promise<unknown>;
  /** turnChunk and trace events of another session. */
  wrongSessionEvents: () => number;
  sessionEvents: () => number;
  close(): void;
}

export const figures = [
  ...LEVELS.flatMap((sessions) =>
    ['asks_per_s', 'ask_p50_ms', 'ask_p99_ms', 'host_cpu_ms_per_ask', 'wrong_session_events', 'own_session_events'].map((name) => `load.s${sessions}_${name}`),
  ),
  'load.s10_with_200_idle_asks_per_s',
  'load.s10_with_200_idle_ask_p99_ms',
  'load.s10_with_200_idle_wrong_session_events',
];

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'load-bench-'));
  const host = await startHost(dir);
  try {
    const results: Record<string, unknown> = {};
    for (const sessions of LEVELS) {
      const level = await askConcurrently(host, sessions, Math.ceil(ASKS_PER_LEVEL / sessions), 0);
      results[`load.s${sessions}_asks_per_s`] = level.asksPerSecond;
      results[`load.s${sessions}_ask_p50_ms`] = level.p50;
      results[`load.s${sessions}_ask_p99_ms`] = level.p99;
      results[`load.s${sessions}_host_cpu_ms_per_ask`] = level.hostCpuMsPerAsk;
      results[`load.s${sessions}_wrong_session_events`] = level.wrongSessionEvents;
      results[`load.s${sessions}_own_session_events`] = level.sessionEvents;
    }
    const idle = await askConcurrently(host, 10, sized(60, 1), 200);
    results['load.s10_with_200_idle_asks_per_s'] = idle.asksPerSecond;
    results['load.s10_with_200_idle_ask_p99_ms'] = idle.p99;
    results['load.s10_with_200_idle_wrong_session_events'] = idle.wrongSessionEvents;
    return results;
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function askConcurrently(host: Host, sessions: number, asksEach: number, idleSockets: number) {
  const idle = await Promise.all(Array.from({ length: idleSockets }, () => connect(host.url, false)));
  const clients = await Promise.all(Array.from({ length: sessions }, () => connect(host.url, true)));
  const latencies: number[] = [];
  const cpuBefore = await host.cpuMs();
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, index) => {
      for (let n = 0; n < asksEach; n++) {
        const before = performance.now();
        await client.request('ask', { sessionId: client.sessionId, text: question(index, n) });
        latencies.push(performance.now() - before);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  // Late events of the last turns (the trace follows the reply) count too.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const hostCpuMsPerAsk = round((await host.cpuMs() - cpuBefore) / latencies.length);
  const wrongSessionEvents = [...clients, ...idle].reduce((sum, client) => sum + client.wrongSessionEvents(), 0);
  const sessionEvents = clients.reduce((sum, client) => sum + client.sessionEvents(), 0);
  for (const client of [...clients, ...idle]) client.close();
  return {
    asksPerSecond: round(latencies.length / elapsedS, 1),
    p50: round(percentile(latencies, 0.5)),
    p99: round(percentile(latencies, 0.99)),
    hostCpuMsPerAsk,
    wrongSessionEvents,
    sessionEvents,
  };
}

/** Varied everyday questions, so most miss the cache. */
function question(client: number, n: number): string {
  const a = 3 + ((client * 7 + n * 13) % 97);
  const b = 2 + ((client * 11 + n * 5) % 89);
  switch (n % 4) {
    case 0:
      return `what is ${a} times ${b}`;
    case 1:
      return `what time is it in ${CITIES[(client + n) % CITIES.length]}`;
    case 2:
      return `what is ${a} plus ${b} minus 4`;
    default:
      return `what's the date in ${1 + (a % 20)} days`;
  }
}

async function connect(url: string, withSession: boolean): Promise<Client> {
  const socket = new WebSocket(url);
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let sessionId = '';
  let wrong = 0;
  let own = 0;
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: number; event?: string; payload?: { sessionId?: string | null }; result?: { ok: boolean; value?: unknown; error?: { message: string } } };
    if (message.type === 'event') {
      if (message.event !== 'turnChunk' && message.event !== 'trace') return;
      if (message.payload?.sessionId === sessionId && sessionId !== '') own++;
      else wrong++;
      return;
    }
    const pending = waiting.get(message.id ?? -1);
    if (!pending) return;
    waiting.delete(message.id!);
    if (message.result?.ok) pending.resolve(message.result.value);
    else pending.reject(new Error(message.result?.error?.message ?? 'request failed'));
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const request = (method: string, params?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  if (withSession) sessionId = ((await request('startSession')) as { id: string }).id;
  return {
    sessionId,
    request,
    wrongSessionEvents: () => wrong,
    sessionEvents: () => own,
    close: () => socket.close(),
  };
}

async function startHost(dataDir: string): Promise<Host> {
  const entry = fileURLToPath(new URL('./support/host-main.ts', import.meta.url));
  // BENCH_HOST_CPU_PROF=<dir>: the host writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_HOST_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_HOST_CPU_PROF}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--disable-warning=ExperimentalWarning', entry, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  const lines: ((line: string) => void)[] = [];
  const ready = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (let end = output.indexOf('\n'); end >= 0; end = output.indexOf('\n')) {
        const line = output.slice(0, end);
        output = output.slice(end + 1);
        const listening = /^READY (\d+) (\S+)/.exec(line);
        if (listening) resolve(`ws://127.0.0.1:${listening[1]}/t/${listening[2]}/ws`);
        else lines.shift()?.(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`the bench host exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: ready,
    cpuMs: () =>
      new Promise<number>((resolve, reject) => {
        lines.push((line) => {
          const cpu = /^CPU (\d+)/.exec(line);
          if (cpu) resolve(Number(cpu[1]) / 1000);
          else reject(new Error(`the bench host answered "${line}" to cpu`));
        });
        child.stdin!.write('cpu\n');
      }),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
