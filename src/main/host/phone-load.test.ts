import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioTestServer } from '../adapters/telephony/twilio/testing/twilio-test-server.ts';
import { placeCall, type FakeTwilioStream } from '../adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import type { AssistantHost } from './assistant-host.ts';
import { callerOf, toneThenQuestion } from './testing/call-tones.ts';

// Twenty Twilio calls at once, each asking its own question: every call gets its own answer, no
// audio or event crosses between calls, and a call that drops mid-answer ends cleanly.

const CALLS = 20;
const AUTH_TOKEN = 'twilio-auth-token-for-load';
const questionOf = (caller: number) => `what is ${caller + 2} times seven`;

let temp: ReturnType<typeof makeTempDir>;
let host: AssistantHost;
let fake: FakeOpenAiServer;
let twilio: Awaited<ReturnType<typeof startTwilioTestServer>> | undefined;
let base = '';

beforeAll(async () => {
  temp = makeTempDir('phone-load');
  fake = await startFakeOpenAiServer({ transcription: (request) => ({ kind: 'transcript', text: questionOf(callerOf(request.audio, CALLS)) }) });
  host = createTestHost(temp.path);
  host.settings.update({ providers: { openai: { baseURL: fake.baseURL } } });
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

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('twenty Twilio calls at once', () => {
  it('each gets the answer to its own question, on its own stream, in its own session; one that drops mid-answer ends cleanly', { timeout: 120_000 }, async () => {
    const spoken = await Promise.all(Array.from({ length: CALLS }, (_, caller) => toneThenQuestion(caller, questionOf(caller))));
    const streams: FakeTwilioStream[] = [];
    const callSids: string[] = [];
    for (let caller = 0; caller < CALLS; caller++) {
      const { stream, callSid } = await placeCall(base, AUTH_TOKEN, `+1555000${String(caller).padStart(4, '0')}`);
      streams.push(stream);
      callSids.push(callSid);
    }
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
