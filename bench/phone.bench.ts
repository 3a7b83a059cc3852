// The phone bridge at 20 concurrent Twilio calls in one host: each caller (a peer speaking Twilio's
// Media Streams protocol) asks its own question at the same moment, in real time; the host answers
// through the main-side VAD, the recogniser (the local fake OpenAI server), the conversation engine
// and espeak-ng, and streams the answers back as paced 20 ms mu-law frames.
// - phone.cpu_per_call_pct: this process's CPU (host and peers together, so an upper bound) per
//   call, as a percentage of one core, over the whole exchange.
// - phone.frame_lateness_p99_ms: how late outbound frames left after the carrier's buffer fell to
//   the 100 ms the pacer keeps there; frames_late_beyond_lead: those later than that, when the
//   carrier ran dry (a gap the caller hears).
// - phone.speech_end_to_first_frame_minus_providers_p99_ms: from the end of the caller's speech
//   (the VAD's decision) to the answer's first audio handed to the call, minus the time the
//   providers took to their first result (recognition, the turn's first chunk, the first synthesized
//   audio): what the bridge and the voice runtime add. Target: <= 20 ms.
// Run alone: node --disable-warning=ExperimentalWarning bench/phone.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FRAME_MS, LEAD_FRAMES } from '../src/main/adapters/telephony/frame-pacer.ts';
import { startTwilioTestServer } from '../src/main/adapters/telephony/twilio/testing/twilio-test-server.ts';
import { placeCall, type FakeTwilioStream } from '../src/main/adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import { startFakeOpenAiServer } from '../src/main/adapters/testing/fake-openai-server.ts';
import { callerOf, toneThenQuestion } from '../src/main/host/testing/call-tones.ts';
import { createTestHost } from '../src/main/testing/test-host.ts';
import type { TurnTrace } from '../src/shared/trace.ts';
import { percentile, round } from './support/stats.ts';

const CALLS = 20;
const AUTH_TOKEN = 'bench-auth-token';
const questionOf = (caller: number) => `what is ${caller + 2} times seven`;

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'phone-bench-'));
  const fake = await startFakeOpenAiServer({ transcription: (request) => ({ kind: 'transcript', text: questionOf(callerOf(request.audio, CALLS)) }) });
  const host = createTestHost(dir);
  host.settings.update({ providers: { openai: { baseURL: fake.baseURL } } });
  const lateness: number[] = [];
  const twilio = await startTwilioTestServer(host, { authToken: AUTH_TOKEN, now: () => performance.now(), onFrameLateness: (ms) => lateness.push(ms) });
  const { base } = twilio;
  try {
    const spoken = await Promise.all(Array.from({ length: CALLS }, (_, caller) => toneThenQuestion(caller, questionOf(caller))));
    // Warm the models and espeak once, outside the measurement.
    await host.dispatch('ask', { sessionId: host.store.createSession({ id: 'warm', host: 'headless', startedAt: Date.now() }).id, text: 'what is 2 times 2' }, { clientId: 'bench' }).catch(() => undefined);

    const streams: FakeTwilioStream[] = [];
    const callSids: string[] = [];
    for (let caller = 0; caller < CALLS; caller++) {
      const { stream, callSid } = await placeCall(base, AUTH_TOKEN, `+1555000${String(caller).padStart(4, '0')}`);
      streams.push(stream);
      callSids.push(callSid);
    }
    await until(() => host.phone.list().length === CALLS, 'every call to start');
    lateness.length = 0;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await Promise.all(streams.map(async (stream, caller) => {
      await stream.silence(300);
      await stream.say(spoken[caller]!);
      await stream.silence(1200);
    }));
    await until(() => streams.every((stream) => stream.marksReturned.length > 0 && stream.received.length >= 60), 'every answer to be played');
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;

    // Each call's spoken turn, with the voice timings added to its trace.
    const overheads: number[] = [];
    for (const callSid of callSids) {
      const call = host.phone.list().find((entry) => entry.carrierCallId === callSid)!;
      let trace: TurnTrace | undefined;
      await until(() => {
        const listed = host.moe.listTraces({ sessionId: call.sessionId, limit: 5 });
        const id = listed[0]?.id;
        trace = id ? host.moe.getTrace(id) : undefined;
        return trace?.voice?.firstAudioSentMs != null;
      }, 'the voice timings of every call');
      const voice = trace!.voice!;
      const providerMs = voice.providers.reduce((sum, provider) => sum + provider.ttfbMs, 0);
      overheads.push(voice.firstAudioSentMs! - providerMs);
    }
    for (const stream of streams) stream.stop();
    return {
      'phone.calls': CALLS,
      'phone.cpu_per_call_pct': round(((cpu.user + cpu.system) / 1000 / wallMs / CALLS) * 100, 2),
      'phone.frame_lateness_p50_ms': round(percentile(lateness, 0.5), 2),
      'phone.frame_lateness_p95_ms': round(percentile(lateness, 0.95), 2),
      'phone.frame_lateness_p99_ms': round(percentile(lateness, 0.99), 2),
      'phone.frames_paced': lateness.length,
      // Later than the 100 ms sent ahead: the carrier ran dry, a gap the caller hears.
      'phone.frames_late_beyond_lead': lateness.filter((ms) => ms > LEAD_FRAMES * FRAME_MS).length,
      'phone.speech_end_to_first_frame_minus_providers_p50_ms': round(percentile(overheads, 0.5), 1),
      'phone.speech_end_to_first_frame_minus_providers_p99_ms': round(percentile(overheads, 0.99), 1),
    };
  } finally {
    await twilio.close();
    await host.phone.close();
    host.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
  process.exit(0);
}
