import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeUdpPort } from '../adapters/telephony/sip/testing/peer-processes.ts';
import { startTwilioTestServer } from '../adapters/telephony/twilio/testing/twilio-test-server.ts';
import { placeCalls } from '../adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import type { AssistantHost } from './assistant-host.ts';
import { callerOf, questionOf, toneThenQuestion } from './testing/call-tones.ts';
import { startSipCallers } from './testing/sip-callers.ts';
import { waitUntil } from '../testing/wait-until.ts';

// Twenty Twilio calls at once, and twenty SIP calls (each from its own sipp), each asking its own
// question: every call gets its own answer, no audio or event crosses between calls, and a call that
// drops mid-answer ends cleanly.

const CALLS = 20;
const AUTH_TOKEN = 'twilio-auth-token-for-load';

let temp: ReturnType<typeof makeTempDir>;
let host: AssistantHost;
let fake: FakeOpenAiServer;
let twilio: Awaited<ReturnType<typeof startTwilioTestServer>> | undefined;
let base = '';

beforeAll(async () => {
  temp = makeTempDir('phone-load');
  fake = await startFakeOpenAiServer({ transcription: (request) => ({ kind: 'transcript', text: questionOf(callerOf(request.audio, CALLS)) }) });
  // A SIP caller silent this long is gone (its sipp killed without a BYE).
  host = createTestHost(temp.path, { sipSilentLineMs: 3000 });
  host.settings.update({ providers: { openai: { baseURL: fake.baseURL } }, phone: { sip: { enabled: true, bindAddress: '127.0.0.1', port: await freeUdpPort() } } });
  twilio = await startTwilioTestServer(host, { authToken: AUTH_TOKEN });
  base = twilio.base;
});

afterAll(async () => {
  await twilio?.close();
  await host.phone.close();
  host.close();
  await fake.close();
  temp.remove();
});

/** Many calls at once on two cores: generous, and checked every 50 ms. */
const until = (condition: () => boolean, what: string, timeoutMs = 60_000) => waitUntil(condition, what, timeoutMs, 50);

describe('twenty Twilio calls at once', () => {
  it('each gets the answer to its own question, on its own stream, in its own session; one that drops mid-answer ends cleanly', { timeout: 120_000 }, async () => {
    const spoken = await Promise.all(Array.from({ length: CALLS }, (_, caller) => toneThenQuestion(caller, questionOf(caller))));
    const { streams, callSids } = await placeCalls(base, AUTH_TOKEN, CALLS);
    await until(() => host.phone.list().length === CALLS, 'every call to start');
    // Everyone speaks at once.
    await Promise.all(streams.map(async (stream, caller) => {
      await stream.silence(300);
      await stream.say(spoken[caller]!);
      await stream.silence(1200);
    }));
    const callOf = (caller: number) => host.phone.list().find((call) => call.carrierCallId === callSids[caller])!;
    const sessionOf = (caller: number) => callOf(caller).sessionId;
    // The first caller's line goes dead as its answer starts.
    await until(() => streams[0]!.received.length > 0, "the first caller's answer to start");
    streams[0]!.drop();
    await until(() => streams.every((_, caller) => caller === 0 || host.store.listTurns(sessionOf(caller)).some((turn) => turn.role === 'assistant')), 'every call to be answered');
    await until(() => host.store.listTurns(sessionOf(0)).length > 0, 'the dropped call to be stored');

    for (let caller = 0; caller < CALLS; caller++) {
      const turns = host.store.listTurns(sessionOf(caller));
      expect(turns[0]).toMatchObject({ role: 'user', text: questionOf(caller) });
      if (caller === 0) continue; // cut off: stored as far as it was heard (maybe not a word)
      expect(turns.map((turn) => turn.role)).toEqual(['user', 'assistant']);
      expect(turns[1]!.text).toContain(String((caller + 2) * 7));
    }
    // Audio came back on every stream, each only to the stream it belongs to (the peer checks the streamSid it was sent).
    await until(() => streams.slice(1).every((stream) => stream.marksReturned.length > 0), 'every other answer to be played');
    for (const stream of streams) expect(stream.foreignMessages).toBe(0);
    // The dropped call ended on its own, its session closed; nothing of it is left running.
    expect(callOf(0)).toMatchObject({ state: 'ended', endedBy: 'disconnected' });
    expect(host.store.getSession(sessionOf(0))?.endedAt).not.toBeNull();
    for (const stream of streams.slice(1)) stream.stop();
    await until(() => host.phone.list().every((call) => call.state === 'ended'), 'every call to end');
  });
});

describe('twenty SIP calls at once', () => {
  it('each sipp caller gets the answer to its own question in its own session; one killed mid-answer ends as dropped', { timeout: 150_000 }, async () => {
    await until(() => host.sip.address() !== null, 'the SIP endpoint to listen');
    const target = host.sip.address()!;
    const before = new Set(host.phone.list().map((call) => call.id));
    const sipCalls = () => host.phone.list().filter((call) => !before.has(call.id));
    const callers = await startSipCallers({ target, workDir: temp.path, count: CALLS, stayMs: 30_000 });
    try {
      await until(() => sipCalls().length === CALLS, 'every SIP call to be answered');
      const callOf = (caller: number) => sipCalls().find((call) => call.carrierCallId.startsWith(`caller${caller}-`))!;
      const turnsOf = (caller: number) => host.store.listTurns(callOf(caller).sessionId);
      // The first caller vanishes (no BYE) once its question is heard and its answer under way.
      await until(() => turnsOf(0).some((turn) => turn.role === 'user'), "the first caller's question to be heard");
      callers[0]!.kill();
      await until(() => Array.from({ length: CALLS }, (_, caller) => caller).every((caller) => caller === 0 || turnsOf(caller).some((turn) => turn.role === 'assistant')), 'every SIP call to be answered', 90_000);
      for (let caller = 1; caller < CALLS; caller++) {
        const turns = turnsOf(caller);
        expect(turns.map((turn) => turn.role)).toEqual(['user', 'assistant']);
        expect(turns[0]!.text).toBe(questionOf(caller));
        expect(turns[1]!.text).toContain(String((caller + 2) * 7));
      }
      await until(() => callOf(0).state === 'ended', 'the dropped call to end', 20_000);
      expect(callOf(0)).toMatchObject({ endedBy: 'disconnected' });
      expect(turnsOf(0)[0]).toMatchObject({ role: 'user', text: questionOf(0) });
      expect(host.store.getSession(callOf(0).sessionId)?.endedAt).not.toBeNull();
    } finally {
      for (const caller of callers) caller.kill();
    }
    await until(() => sipCalls().every((call) => call.state === 'ended'), 'every SIP call to end', 20_000);
  });
});
