// The phone bridge at 20 concurrent Twilio calls in one host: each caller (a peer speaking Twilio's
// Media Streams protocol) asks its own question at the same moment, in real time; the host answers
// through the main-side VAD, the recogniser (the local fake OpenAI server), the conversation engine
// and espeak-ng, and streams the answers back as paced 20 ms mu-law frames.
// - phone.cpu_per_call_pct: the host's CPU per call (the callers and the fake providers run in
//   processes of their own, bench/support/), as a percentage of one core, over the whole exchange.
// - phone.frame_lateness_p99_ms: how late outbound frames left after the carrier's buffer fell to
//   the 100 ms the pacer keeps there; frames_late_beyond_lead: those later than that, when the
//   carrier ran dry (a gap the caller hears).
// - phone.speech_end_to_first_frame_minus_providers_p99_ms: from the end of the caller's speech
//   (the VAD's decision) to the answer's first audio handed to the call, minus the time the
//   providers took to their first result (recognition, the turn's first chunk, the first synthesized
//   audio): what the bridge and the voice runtime add. Target: <= 20 ms.
// - sip.*: the same figures for 20 concurrent SIP calls, each placed by its own sipp process
//   (Debian's sip-tester) streaming its question as PCMU RTP; the callers run in other processes,
//   so sip.cpu_per_call_pct is the host's own CPU per call too.
// Run alone: node --disable-warning=ExperimentalWarning bench/phone.bench.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AssistantHost } from '../src/main/host/assistant-host.ts';
import { freeUdpPort, type PeerProcess } from '../src/main/adapters/telephony/sip/testing/peer-processes.ts';
import { startSipCallers } from '../src/main/host/testing/sip-callers.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FRAME_MS, LEAD_FRAMES } from '../src/main/adapters/telephony/frame-pacer.ts';
import { startTwilioTestServer } from '../src/main/adapters/telephony/twilio/testing/twilio-test-server.ts';
import { createTestHost } from '../src/main/testing/test-host.ts';
import type { TurnTrace } from '../src/shared/trace.ts';
import { percentile, round } from './support/stats.ts';
import { waitUntil } from '../src/main/testing/wait-until.ts';
import { sized } from './support/scale.ts';

const CALLS = sized(20, 1);
/** The Twilio callers and the providers run in processes of their own: the CPU figure is then the host's. */
const CALLERS_SCRIPT = fileURLToPath(new URL('./support/twilio-callers.ts', import.meta.url));
const PROVIDERS_SCRIPT = fileURLToPath(new URL('./support/fake-providers.ts', import.meta.url));

/** The fake OpenAI server in a child process: its base URL, and how to stop it. */
async function startProviders(): Promise<{ baseURL: string; close(): void }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', PROVIDERS_SCRIPT, String(CALLS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { value } = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  if (typeof value !== 'string') throw new Error('the fake providers did not start');
  const { baseURL } = JSON.parse(value) as { baseURL: string };
  return { baseURL, close: () => void child.kill('SIGTERM') };
}
const AUTH_TOKEN = 'bench-auth-token';

const until = (condition: () => boolean, what: string, timeoutMs = 90_000) => waitUntil(condition, what, timeoutMs, 50);

export const figures = ['phone', 'sip'].flatMap((prefix) =>
  [
    'calls',
    'cpu_per_call_pct',
    'frame_lateness_p50_ms',
    'frame_lateness_p95_ms',
    'frame_lateness_p99_ms',
    'frames_paced',
    'frames_late_beyond_lead',
    'speech_end_to_first_frame_minus_providers_p50_ms',
    'speech_end_to_first_frame_minus_providers_p99_ms',
  ].map((name) => `${prefix}.${name}`),
);

export async function run(): Promise<Record<string, unknown>> {
  return { ...(await runTwilio()), ...(await runSip()) };
}

/** For each session, its spoken turn's first audio handed to the call minus the providers' time to first result, ms. */
async function bridgeOverheads(host: AssistantHost, sessionIds: string[]): Promise<number[]> {
  const overheads: number[] = [];
  for (const sessionId of sessionIds) {
    let trace: TurnTrace | undefined;
    await until(() => {
      const id = host.moe.listTraces({ sessionId, limit: 5 })[0]?.id;
      trace = id ? host.moe.getTrace(id) : undefined;
      return trace?.voice?.firstAudioSentMs != null;
    }, 'the voice timings of every call');
    const voice = trace!.voice!;
    overheads.push(voice.firstAudioSentMs! - voice.providers.reduce((sum, provider) => sum + provider.ttfbMs, 0));
  }
  return overheads;
}

function callFigures(prefix: string, cpu: NodeJS.CpuUsage, wallMs: number, lateness: number[], overheads: number[]): Record<string, number> {
  return {
    [`${prefix}.calls`]: CALLS,
    [`${prefix}.cpu_per_call_pct`]: round(((cpu.user + cpu.system) / 1000 / wallMs / CALLS) * 100, 2),
    [`${prefix}.frame_lateness_p50_ms`]: round(percentile(lateness, 0.5), 2),
    [`${prefix}.frame_lateness_p95_ms`]: round(percentile(lateness, 0.95), 2),
    [`${prefix}.frame_lateness_p99_ms`]: round(percentile(lateness, 0.99), 2),
    [`${prefix}.frames_paced`]: lateness.length,
    // Later than the 100 ms sent ahead: the far end ran dry, a gap the caller hears.
    [`${prefix}.frames_late_beyond_lead`]: lateness.filter((ms) => ms > LEAD_FRAMES * FRAME_MS).length,
    [`${prefix}.speech_end_to_first_frame_minus_providers_p50_ms`]: round(percentile(overheads, 0.5), 1),
    [`${prefix}.speech_end_to_first_frame_minus_providers_p99_ms`]: round(percentile(overheads, 0.99), 1),
  };
}

async function runSip(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'phone-bench-sip-'));
  const fake = await startProviders();
  const lateness: number[] = [];
  const host = createTestHost(dir, { onSipFrameLateness: (ms) => lateness.push(ms) });
  host.settings.update({ providers: { openai: { baseURL: fake.baseURL } }, phone: { sip: { enabled: true, bindAddress: '127.0.0.1', port: await freeUdpPort() } } });
  const callers: PeerProcess[] = [];
  try {
    await until(() => host.sip.address() !== null, 'the SIP endpoint to listen');
    await host.dispatch('ask', { sessionId: host.store.createSession({ id: 'warm', host: 'headless', startedAt: Date.now() }).id, text: 'what is 2 times 2' }, { clientId: 'bench' }).catch(() => undefined);
    callers.push(...(await startSipCallers({ target: host.sip.address()!, workDir: dir, count: CALLS, stayMs: 20_000 })));
    await until(() => host.phone.list().length === CALLS, 'every SIP call to be answered');
    lateness.length = 0;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const sessionIds = host.phone.list().map((call) => call.sessionId);
    await until(() => sessionIds.every((sessionId) => host.store.listTurns(sessionId).some((turn) => turn.role === 'assistant')), 'every SIP answer to be spoken');
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    return callFigures('sip', cpu, wallMs, lateness, await bridgeOverheads(host, sessionIds));
  } finally {
    for (const caller of callers) caller.kill();
    await host.phone.close();
    host.close();
    fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runTwilio(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'phone-bench-'));
  const fake = await startProviders();
  const host = createTestHost(dir);
  host.settings.update({ providers: { openai: { baseURL: fake.baseURL } } });
  const lateness: number[] = [];
  const twilio = await startTwilioTestServer(host, { authToken: AUTH_TOKEN, now: () => performance.now(), onFrameLateness: (ms) => lateness.push(ms) });
  const { base } = twilio;
  const callers = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CALLERS_SCRIPT, base, AUTH_TOKEN, String(CALLS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: callers.stdout! })[Symbol.asyncIterator]();
  const nextLine = async (what: string) => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the Twilio callers ended before ${what}`);
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  try {
    // Warm the models and espeak once, outside the measurement.
    await host.dispatch('ask', { sessionId: host.store.createSession({ id: 'warm', host: 'headless', startedAt: Date.now() }).id, text: 'what is 2 times 2' }, { clientId: 'bench' }).catch(() => undefined);
    const { callSids } = (await nextLine('placing their calls')) as { callSids: string[] };
    await until(() => host.phone.list().length === CALLS, 'every call to start');
    lateness.length = 0;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    callers.stdin!.write('speak\n');
    const { foreignMessages } = (await nextLine('every answer played')) as { foreignMessages: number };
    if (foreignMessages !== 0) throw new Error(`${foreignMessages} messages reached a stream they were not for`);
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;

    const sessionIds = callSids.map((callSid) => host.phone.list().find((entry) => entry.carrierCallId === callSid)!.sessionId);
    const overheads = await bridgeOverheads(host, sessionIds);
    return callFigures('phone', cpu, wallMs, lateness, overheads);
  } finally {
    callers.stdin!.end('stop\n');
    callers.kill();
    await twilio.close();
    await host.phone.close();
    host.close();
    fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
  process.exit(0);
}
