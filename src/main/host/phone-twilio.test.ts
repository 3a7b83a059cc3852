import twilioSdk from 'twilio';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTwilioTestServer } from '../adapters/telephony/twilio/testing/twilio-test-server.ts';
import { callWebhook, openMediaStream, placeCall, sid, streamSignature, type FakeTwilioStream } from '../adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import { speak } from '../adapters/testing/speech-fixtures.ts';
import type { PcmAudio } from '../ports/audio.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import type { AssistantHost } from './assistant-host.ts';
import { startFakeTwilioRest } from '../adapters/telephony/twilio/testing/fake-twilio-rest.ts';
import { callTools } from './call-tools.ts';
import { waitUntil as until } from '../testing/wait-until.ts';

// A phone call through Twilio's Media Streams protocol, against the real host: the signed webhook,
// the caller's speech (espeak-ng, as 8 kHz mu-law in 20 ms frames) through the main-side VAD and the
// recogniser (the local fake OpenAI server), the conversation engine's answer spoken back as paced
// mu-law frames with marks, and the exchange stored in the call's own session.

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const QUESTION = 'what is twelve times seven';

let question: PcmAudio;
beforeAll(async () => {
  question = await speak(QUESTION, { sampleRate: 8000 });
});

let temp: ReturnType<typeof makeTempDir> | undefined;
let host: AssistantHost | undefined;
let fake: FakeOpenAiServer | undefined;
let twilio: Awaited<ReturnType<typeof startTwilioTestServer>> | undefined;
const streams: FakeTwilioStream[] = [];

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.drop();
  await twilio?.close();
  host?.close();
  await fake?.close();
  temp?.remove();
  host = undefined;
  twilio = undefined;
  fake = undefined;
  temp = undefined;
});

async function startPhoneHost(env: Record<string, string> = {}): Promise<{ base: string; host: AssistantHost }> {
  temp = makeTempDir('phone-twilio');
  fake = await startFakeOpenAiServer({ transcription: () => ({ kind: 'transcript', text: QUESTION }) });
  host = createTestHost(temp.path, { env });
  host.settings.update({ providers: { openai: { baseURL: fake.baseURL } } });
  const assistant = host;
  twilio = await startTwilioTestServer(assistant, { authToken: AUTH_TOKEN });
  const { base } = twilio;
  return { base, host: assistant };
}

describe('a Twilio call', () => {
  it('refuses a webhook with a missing or wrong signature: 403 and no call', async () => {
    const { base, host: assistant } = await startPhoneHost();
    const params = { CallSid: sid('CA'), From: '+15551230000', To: '+15559870000', AccountSid: 'AC0' };
    expect((await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, params, null)).status).toBe(403);
    expect((await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, params, 'wrong')).status).toBe(403);
    // A made-up signature, and one made for another URL than the one called.
    const madeUp = await fetch(`${base}/twilio/voice`, { method: 'POST', headers: { 'X-Twilio-Signature': 'x', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
    expect(madeUp.status).toBe(403);
    const forOtherUrl = twilioSdk.getExpectedTwilioSignature(AUTH_TOKEN, `${base}/twilio/other`, params);
    const elsewhere = await fetch(`${base}/twilio/voice`, { method: 'POST', headers: { 'X-Twilio-Signature': forOtherUrl, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
    expect(elsewhere.status).toBe(403);
    expect(assistant.phone.list()).toEqual([]);
  });

  it('answers a signed call with a Media Stream, hears the question and speaks the answer back in paced 20 ms frames with marks', async () => {
    const { base, host: assistant } = await startPhoneHost();
    const callSid = sid('CA');
    const reply = await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, { CallSid: callSid, From: '+15551230000', To: '+15559870000', AccountSid: 'AC0' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Connect><Stream url="ws:\/\/127\.0\.0\.1:\d+\/twilio\/media">/);
    expect(reply.streamUrl).toBe(`${base.replace('http', 'ws')}/twilio/media`);
    expect(reply.parameters.streamToken).toMatch(/^[0-9a-f]{48}$/);

    const stream = await openMediaStream(reply.streamUrl!, { authToken: AUTH_TOKEN, callSid, customParameters: reply.parameters });
    streams.push(stream);
    await stream.silence(300);
    await stream.say(question);
    await stream.silence(1200);
    await until(() => stream.marksReturned.length > 0, 'the answer to be played and its first mark returned');
    await until(() => assistant.store.listTurns(assistant.phone.list()[0]!.sessionId).some((turn) => turn.role === 'assistant'), 'the exchange to be stored');

    const [call] = assistant.phone.list();
    expect(call).toMatchObject({ carrier: 'twilio', caller: '+15551230000', carrierCallId: callSid, state: 'in_progress' });
    const turns = assistant.store.listTurns(call!.sessionId);
    expect(turns.map((turn) => turn.role)).toEqual(['user', 'assistant']);
    expect(turns[0]!.text).toBe(QUESTION);
    expect(turns[1]!.text).toContain('84');
    // Every outbound message is one 20 ms frame of mu-law; the answer is speech, not silence.
    expect(stream.received.every((frame) => frame.length === 160)).toBe(true);
    const heard = stream.heard();
    const loud = heard.filter((sample) => Math.abs(sample) > 1000).length;
    expect(loud).toBeGreaterThan(heard.length / 20);

    stream.stop();
    await until(() => assistant.phone.list()[0]!.state === 'ended', 'the call to end');
    expect(assistant.phone.list()[0]).toMatchObject({ endedBy: 'caller' });
    expect(assistant.store.getSession(call!.sessionId)?.endedAt).not.toBeNull();
  });

  it('answers a signed webhook once per call: a replay of it gets no second stream', async () => {
    const { base, host: assistant } = await startPhoneHost();
    const params = { CallSid: sid('CA'), From: '+15551230000' };
    expect((await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, params)).status).toBe(200);
    expect((await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, params)).status).toBe(409);
    expect(assistant.phone.list()).toEqual([]);
  });

  it('refuses a Media Stream opened by a web page (it sends an Origin), and closes a signed one that never starts', async () => {
    const { base } = await startPhoneHost();
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/twilio/media`, { origin: 'https://evil.example' });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(refused).toBe(403);
    const mediaUrl = `${base.replace('http', 'ws')}/twilio/media`;
    const silent = new WebSocket(mediaUrl, { headers: { 'X-Twilio-Signature': streamSignature(AUTH_TOKEN, mediaUrl) } });
    const closed = await new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    // Terminated, not closed politely: 1006 as the client sees it.
    expect(closed).toBe(1006);
  }, 15_000);

  it("starts a signed call's stream while unsigned sockets wait on /twilio/media: they are refused at the handshake", async () => {
    const { base, host: assistant } = await startPhoneHost();
    const mediaUrl = `${base.replace('http', 'ws')}/twilio/media`;
    // Anyone who knows the public URL: sockets that never say start, without Twilio's signature.
    const unsigned = await Promise.all(
      Array.from({ length: 20 }, () => new Promise<{ status: number; socket: WebSocket }>((resolve) => {
        const socket = new WebSocket(mediaUrl);
        socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0, socket }));
        socket.on('open', () => resolve({ status: 101, socket }));
        socket.on('error', () => {});
      })),
    );
    const { stream } = await placeCall(base, AUTH_TOKEN, '+15551230000');
    streams.push(stream);
    let closedWith: number | null = null;
    void stream.closed.then(({ code }) => (closedWith = code));
    await until(() => assistant.phone.list().length === 1 || closedWith !== null, 'the signed call to start, or its stream to close');
    expect(closedWith).toBeNull();
    expect(assistant.phone.list()[0]).toMatchObject({ carrier: 'twilio', state: 'in_progress' });
    expect(unsigned.map(({ status }) => status)).toEqual(Array(20).fill(403));
    // A handshake signed for another URL, or with a wrong token, is refused too.
    const badlySigned = await new Promise<number>((resolve) => {
      const signature = twilioSdk.getExpectedTwilioSignature('not-the-token', mediaUrl, {});
      const socket = new WebSocket(mediaUrl, { headers: { 'X-Twilio-Signature': signature } });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(badlySigned).toBe(403);
    for (const { socket } of unsigned) socket.terminate();
  });

  it('refuses a Media Stream without a stream token it gave out, or with one already used', async () => {
    const { base, host: assistant } = await startPhoneHost();
    const forged = await openMediaStream(`${base.replace('http', 'ws')}/twilio/media`, { authToken: AUTH_TOKEN, callSid: sid('CA'), customParameters: { streamToken: 'f'.repeat(48) } });
    expect((await forged.closed).code).toBe(1008);

    const callSid = sid('CA');
    const reply = await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, { CallSid: callSid, From: '+15551230000' });
    const first = await openMediaStream(reply.streamUrl!, { authToken: AUTH_TOKEN, callSid, customParameters: reply.parameters });
    streams.push(first);
    await until(() => assistant.phone.list().length === 1, 'the call to start');
    const again = await openMediaStream(reply.streamUrl!, { authToken: AUTH_TOKEN, callSid, customParameters: reply.parameters });
    expect((await again.closed).code).toBe(1008);
    // A token is for the call it was given to.
    const other = await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, { CallSid: sid('CA'), From: '+15551230000' });
    const stolen = await openMediaStream(other.streamUrl!, { authToken: AUTH_TOKEN, callSid: sid('CA'), customParameters: other.parameters });
    expect((await stolen.closed).code).toBe(1008);
    expect(assistant.phone.list()).toHaveLength(1);
  });

  it('stops speaking when the caller talks over the answer: clear, and the exchange stored as heard, from the marks', async () => {
    const { base, host: assistant } = await startPhoneHost();
    const callSid = sid('CA');
    const reply = await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, { CallSid: callSid, From: '+15551230000' });
    const stream = await openMediaStream(reply.streamUrl!, { authToken: AUTH_TOKEN, callSid, customParameters: reply.parameters });
    streams.push(stream);
    await stream.silence(300);
    await stream.say(question);
    await stream.silence(600);
    await until(() => stream.received.length > 0, 'the answer to start');
    // Talking over it, at once.
    await stream.say(question);
    await until(() => stream.clears > 0, 'a clear');
    await stream.silence(1500);
    const sessionId = assistant.phone.list()[0]!.sessionId;
    await until(() => assistant.store.listTurns(sessionId).some((turn) => turn.role === 'assistant' && turn.interrupted), 'the interrupted exchange to be stored');
    const cut = assistant.store.listTurns(sessionId).find((turn) => turn.role === 'assistant' && turn.interrupted)!;
    // What was heard is the start of the answer, not all of it.
    expect('12 times 7 is 84.'.startsWith(cut.text)).toBe(true);
    expect(cut.text.length).toBeLessThan('12 times 7 is 84.'.length);
  });

  async function answeredCall(base: string, assistant: AssistantHost) {
    const { stream, callSid } = await placeCall(base, AUTH_TOKEN, '+15551230000');
    streams.push(stream);
    await until(() => assistant.phone.list().length === 1, 'the call to start');
    return { stream, call: assistant.phone.list()[0]!, callSid };
  }

  it('gives the agent the keypad digits, gathered until #', async () => {
    const { base, host: assistant } = await startPhoneHost();
    const { stream, call } = await answeredCall(base, assistant);
    for (const digit of ['4', '2', '#']) stream.dtmf(digit);
    await until(() => assistant.store.listTurns(call.sessionId).some((turn) => turn.role === 'assistant'), 'the agent to answer');
    expect(assistant.store.listTurns(call.sessionId)[0]).toMatchObject({ role: 'user', text: '(on the keypad) 42' });
  });

  it("transfers the call through Twilio's REST API with the agent's tool, and the assistant leaves it", async () => {
    const account = `AC${'0123456789abcdef'.repeat(2)}`;
    const rest = await startFakeTwilioRest(account, AUTH_TOKEN);
    try {
      const { base, host: assistant } = await startPhoneHost({ TWILIO_API_BASE_URL: rest.baseUrl });
      assistant.settings.update({ phone: { twilio: { accountSid: account, transferNumbers: '+14155550100, +14155550199' } } });
      await assistant.dispatch('setApiKey', { provider: 'twilio', key: AUTH_TOKEN }, { clientId: 'settings' });
      const { call, callSid, stream } = await answeredCall(base, assistant);
      const transfer = callTools(() => assistant.phone).find((tool) => tool.name === 'transfer_call')!;
      const context = { sessionId: call.sessionId, signal: new AbortController().signal, now: Date.now(), timeZone: 'UTC', locale: 'en' };
      // A number the owner did not list is refused, whatever the caller said.
      await expect(transfer.run({ number: '+19005550123' }, context)).rejects.toThrow('+19005550123 is not one of the numbers calls may be transferred to (Settings › Phone): +14155550100, +14155550199');
      expect(await transfer.run({ number: '+14155550100' }, context)).toBe('The call is being transferred to +14155550100.');
      expect(rest.updates).toEqual([{ accountSid: account, callSid, form: { Twiml: '<?xml version="1.0" encoding="UTF-8"?><Response><Dial>+14155550100</Dial></Response>' } }]);
      await until(() => assistant.phone.list()[0]!.state === 'ended', 'the assistant to leave the call');
      expect(assistant.phone.list()[0]!.endedBy).toBe('assistant');
      expect((await stream.closed).code).toBe(1000);
      // Outside a call, the tool says so.
      await expect(transfer.run({ number: '+14155550100' }, { ...context, sessionId: 'not-a-call' })).rejects.toThrow('this conversation is not a phone call');
    } finally {
      await rest.close();
    }
  });

  it('ends a call that drops mid-answer cleanly: its session closed, what was heard stored, nothing left running', async () => {
    const { base, host: assistant } = await startPhoneHost();
    const { stream, call } = await answeredCall(base, assistant);
    await stream.silence(300);
    await stream.say(question);
    await stream.silence(600);
    // About a second of the answer sent (50 frames), then the line goes dead.
    await until(() => stream.received.length > 50, 'a second of the answer');
    stream.drop();
    await until(() => assistant.phone.list()[0]!.state === 'ended', `the call to end (${JSON.stringify(assistant.phone.list())})`, 5000);
    expect(assistant.phone.list()[0]!.endedBy).toBe('disconnected');
    expect(assistant.store.getSession(call.sessionId)?.endedAt).not.toBeNull();
    await until(() => assistant.store.listTurns(call.sessionId).length === 2, 'the exchange to be stored');
    const [asked, answered] = assistant.store.listTurns(call.sessionId);
    expect(asked).toMatchObject({ role: 'user', text: QUESTION });
    // Stored as heard: the start of the answer, marked interrupted.
    expect(answered).toMatchObject({ role: 'assistant', interrupted: true });
    expect('12 times 7 is 84.'.startsWith(answered!.text)).toBe(true);
    expect(answered!.text.length).toBeLessThan('12 times 7 is 84.'.length);
  });

  it('tells the caller, out loud, when no speech recognizer is set up', async () => {
    const { base, host: assistant } = await startPhoneHost();
    assistant.settings.update({ providers: { openai: { baseURL: 'https://api.openai.com/v1' } } });
    const { stream, call } = await answeredCall(base, assistant);
    await stream.silence(300);
    await stream.say(question);
    await stream.silence(800);
    await until(() => stream.marksReturned.length > 0, 'the apology to be played');
    expect(stream.received.length).toBeGreaterThan(100);
    expect(assistant.store.listTurns(call.sessionId)).toEqual([]);
  });

  it("hangs up with the agent's tool once what it said has played", async () => {
    const { base, host: assistant } = await startPhoneHost();
    const { stream, call } = await answeredCall(base, assistant);
    const hangUp = callTools(() => assistant.phone).find((tool) => tool.name === 'hang_up')!;
    const context = { sessionId: call.sessionId, signal: new AbortController().signal, now: Date.now(), timeZone: 'UTC', locale: 'en' };
    expect(await hangUp.run({}, context)).toBe('The call will end once your goodbye has been said.');
    expect((await stream.closed).code).toBe(1000);
    await until(() => assistant.phone.list()[0]!.state === 'ended', 'the call to end');
    expect(assistant.phone.list()[0]!.endedBy).toBe('assistant');
  });
});
