import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../adapters/audio/wav.ts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import { concatAudio, silence, speak } from '../adapters/testing/speech-fixtures.ts';
import { freeUdpPort, writeMuLawWav, writePcmWav } from '../adapters/telephony/sip/testing/peer-processes.ts';
import { runBaresip } from '../adapters/telephony/sip/testing/baresip.ts';
import { runKamailio } from '../adapters/telephony/sip/testing/kamailio.ts';
import { runSipp, SIPP_DTMF_DIR } from '../adapters/telephony/sip/testing/sipp.ts';
import type { PcmAudio } from '../ports/audio.ts';
import { readLogText } from '../adapters/logging/log-file-names.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import type { AssistantHost } from './assistant-host.ts';
import { waitUntil as until } from '../testing/wait-until.ts';

// SIP calls against the real host, placed by sipp (Debian's sip-tester): another implementation of
// the protocol, so these check that we interoperate, not that we agree with ourselves. The
// caller's question (espeak-ng, as a mu-law WAV sipp streams as PCMU) goes through the main-side
// VAD and the recogniser (the local fake OpenAI server), and the exchange lands in the call's session.

const QUESTION = 'what is twelve times seven';

let question: PcmAudio;
beforeAll(async () => {
  question = concatAudio(silence(300, 8000), await speak(QUESTION, { sampleRate: 8000 }), silence(1200, 8000));
});

let temp: ReturnType<typeof makeTempDir> | undefined;
let host: AssistantHost | undefined;
let fake: FakeOpenAiServer | undefined;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  host?.close();
  await fake?.close();
  temp?.remove();
  host = undefined;
  fake = undefined;
  temp = undefined;
});

async function startSipHost(sip: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  temp = makeTempDir('phone-sip');
  return startSipHostIn(temp.path, sip, env);
}

async function startSipHostIn(dir: string, sip: Record<string, unknown>, env: Record<string, string>): Promise<{ host: AssistantHost; target: { address: string; port: number }; dir: string }> {
  fake = await startFakeOpenAiServer({ transcription: () => ({ kind: 'transcript', text: QUESTION }) });
  host = createTestHost(dir, { env });
  const port = await freeUdpPort();
  host.settings.update({ providers: { openai: { baseURL: fake.baseURL } }, phone: { sip: { enabled: true, bindAddress: '127.0.0.1', port, ...sip } } });
  const assistant = host;
  await until(() => assistant.sip.address() !== null, 'the SIP endpoint to listen');
  return { host: assistant, target: assistant.sip.address()!, dir };
}

describe('a SIP call from sipp', () => {
  it('answers, hears the spoken question over RTP, takes keypad digits as RFC 4733 events, and ends on BYE', async () => {
    const { host: assistant, target, dir } = await startSipHost();
    const wav = join(dir, 'question.wav');
    writeMuLawWav(wav, question);
    const sipp = runSipp({
      scenario: 'ask-question',
      target,
      workDir: dir,
      sipPort: await freeUdpPort(),
      mediaPort: await freeUdpPort(),
      values: { question: wav, question_ms: Math.round((question.samples.length / 8000) * 1000), dtmf_dir: SIPP_DTMF_DIR, answer_wait: 10_000 },
    });
    cleanups.push(() => sipp.kill());
    expect(await sipp.exited(60_000), sipp.output()).toBe(0);
    await until(() => assistant.phone.list()[0]?.state === 'ended', 'the call to end');

    const [call] = assistant.phone.list();
    expect(call).toMatchObject({ carrier: 'sip', caller: expect.stringMatching(/^caller1@127\.0\.0\.1/), state: 'ended', endedBy: 'caller' });
    const turns = assistant.store.listTurns(call!.sessionId);
    expect(turns.map((turn) => [turn.role, turn.text])).toEqual(expect.arrayContaining([['user', QUESTION], ['user', '(on the keypad) 42']]));
    expect(turns.find((turn) => turn.role === 'assistant')?.text).toContain('84');
    expect(assistant.store.getSession(call!.sessionId)?.endedAt).not.toBeNull();
  }, 90_000);

  it('lets a caller hang up while it rings: 200 for the CANCEL, 487 for the INVITE, and no call starts', async () => {
    const { host: assistant, target, dir } = await startSipHost({ ringSeconds: 3 });
    const sipp = await sippAgainst(target, dir, 'cancel-ringing');
    expect(await sipp.exited(30_000), sipp.output()).toBe(0);
    expect(assistant.phone.list()).toEqual([]);
    expect(hostLog(dir)).toMatch(/"code":"sip_cancelled"/);
  }, 60_000);

  it('answers a hold with recvonly and a resume with sendrecv, and OPTIONS in the call with what it allows', async () => {
    const { host: assistant, target, dir } = await startSipHost();
    const sipp = await sippAgainst(target, dir, 'hold-resume');
    expect(await sipp.exited(30_000), sipp.output()).toBe(0);
    await until(() => assistant.phone.list()[0]?.state === 'ended', 'the call to end');
    expect(assistant.phone.list()[0]).toMatchObject({ carrier: 'sip', endedBy: 'caller' });
    const log = hostLog(dir);
    expect(log).toMatch(/"code":"sip_hold"/);
    expect(log).toMatch(/"code":"sip_resume"/);
  }, 60_000);

  it('refuses an INVITE from an address that is not allowed with 403', async () => {
    const { host: assistant, target, dir } = await startSipHost({ allowedCallers: '10.0.0.0/8, 192.168.1.20' });
    const sipp = await sippAgainst(target, dir, 'refused-invite', { status: 403 });
    expect(await sipp.exited(30_000), sipp.output()).toBe(0);
    expect(assistant.phone.list()).toEqual([]);
    expect(hostLog(dir)).toMatch(/"code":"sip_caller_refused"/);
  }, 60_000);

  it('with a password set, answers only a caller that answers the digest challenge', async () => {
    const { host: assistant, target, dir } = await startSipHost({ user: 'assistant' }, { SIP_PASSWORD: 'correct-horse' });
    const wrong = await sippAgainst(target, dir, 'digest-wrong', {}, ['-au', 'assistant', '-ap', 'battery-staple']);
    expect(await wrong.exited(30_000), wrong.output()).toBe(0);
    expect(assistant.phone.list()).toEqual([]);
    expect(hostLog(dir)).toMatch(/"code":"sip_auth_failed"/);

    const right = await sippAgainst(target, dir, 'digest-invite', {}, ['-au', 'assistant', '-ap', 'correct-horse']);
    expect(await right.exited(30_000), right.output()).toBe(0);
    await until(() => assistant.phone.list()[0]?.state === 'ended', 'the call to end');
    expect(assistant.phone.list()).toHaveLength(1);
  }, 60_000);
});

describe('a SIP call from baresip', () => {
  it('hears the question baresip plays from a WAV file, and baresip records the spoken answer', async () => {
    const { host: assistant, target, dir } = await startSipHost();
    const microphone = join(dir, 'question-8k.wav');
    writePcmWav(microphone, concatAudio(question, silence(16_000, 8000)));
    const baresip = runBaresip({ workDir: dir, sipPort: await freeUdpPort(), microphoneWav: microphone, dial: `sip:assistant@${target.address}:${target.port}`, seconds: 17 });
    cleanups.push(() => baresip.process.kill());
    expect(await baresip.process.exited(40_000), baresip.process.output()).toBe(0);
    await until(() => assistant.phone.list()[0]?.state === 'ended', 'the call to end');
    const [call] = assistant.phone.list();
    expect(call).toMatchObject({ carrier: 'sip', caller: 'caller@127.0.0.1', endedBy: 'caller' });
    const turns = assistant.store.listTurns(call!.sessionId);
    expect(turns.map((turn) => turn.role)).toEqual(['user', 'assistant']);
    expect(turns[0]!.text).toBe(QUESTION);
    expect(turns[1]!.text).toContain('84');

    // What baresip heard (its decoded audio, written by sndfile): the spoken answer, not silence.
    const received = readdirSync(baresip.recordings).find((name) => name.endsWith('-dec.wav'));
    expect(received, `baresip wrote ${readdirSync(baresip.recordings).join(', ')}`).toBeDefined();
    const heard = decodeWav(readFileSync(join(baresip.recordings, received!)));
    const loudMs = loudStretchMs(heard);
    expect(loudMs).toBeGreaterThan(800);
  }, 60_000);
});

/** kamailio as the registrar of user "assistant" with password "registrar-secret", in a new temp folder. */
async function startRegistrar() {
  temp = makeTempDir('phone-sip-kamailio');
  const dir = temp.path;
  const registrarPort = await freeUdpPort();
  const kamailio = runKamailio({ workDir: dir, port: registrarPort, user: 'assistant', password: 'registrar-secret' });
  cleanups.push(() => kamailio.kill());
  await until(() => /Listening on|listening on/i.test(kamailio.output()) || kamailio.child.exitCode !== null, 'kamailio to start', 10_000);
  return { kamailio, registrarPort, dir };
}

describe('registering with kamailio', () => {
  it('registers with digest authentication, and answers a call kamailio routes to it', async () => {
    const { kamailio, registrarPort, dir } = await startRegistrar();
    const { host: assistant } = await startSipHostIn(dir, { registrar: `127.0.0.1:${registrarPort}`, user: 'assistant', allowedCallers: '10.0.0.0/8' }, { SIP_PASSWORD: 'registrar-secret' });
    await until(() => /registered with 127\.0\.0\.1/.test(assistant.sip.status().detail), `registration (status: ${assistant.sip.status().detail})`, 15_000);
    await until(() => /REGISTERED sip:assistant@127\.0\.0\.1 at <sip:assistant@127\.0\.0\.1:\d+>/.test(kamailio.output()), `kamailio to log the binding:\n${kamailio.output()}`, 5000);

    // sipp calls the registrar; kamailio finds our binding and sends the INVITE on to us.
    const wav = join(dir, 'question.wav');
    writeMuLawWav(wav, question);
    const sipp = await sippAgainst({ address: '127.0.0.1', port: registrarPort }, dir, 'ask-question', {
      question: wav,
      question_ms: Math.round((question.samples.length / 8000) * 1000),
      dtmf_dir: SIPP_DTMF_DIR,
      answer_wait: 9000,
    });
    expect(await sipp.exited(60_000), `${sipp.output()}\n--- kamailio:\n${kamailio.output()}`).toBe(0);
    await until(() => /INVITE for sip:assistant@127\.0\.0\.1(:\d+)? goes to sip:assistant@127\.0\.0\.1:\d+/.test(kamailio.output()), `kamailio to log where the INVITE went:\n${kamailio.output()}`, 5000);
    await until(() => assistant.phone.list()[0]?.state === 'ended', 'the call to end');
    const turns = assistant.store.listTurns(assistant.phone.list()[0]!.sessionId);
    expect(turns.find((turn) => turn.role === 'assistant')?.text).toContain('84');
  }, 90_000);

  it('says in Status why registering failed when the password is wrong', async () => {
    const { registrarPort, dir } = await startRegistrar();
    const { host: assistant } = await startSipHostIn(dir, { registrar: `127.0.0.1:${registrarPort}`, user: 'assistant' }, { SIP_PASSWORD: 'not-the-secret' });
    await until(() => /not registered/.test(assistant.sip.status().detail), `registration to fail (status: ${assistant.sip.status().detail})`, 15_000);
    expect(assistant.sip.status().detail).toMatch(/not registered with 127\.0\.0\.1:\d+ \(401 Unauthorized\)/);
  }, 60_000);
});

async function sippAgainst(target: { address: string; port: number }, dir: string, scenario: string, values: Record<string, string | number> = {}, extraArgs: string[] = []) {
  const sipp = runSipp({ scenario, target, workDir: dir, sipPort: await freeUdpPort(), mediaPort: await freeUdpPort(), values, extraArgs });
  cleanups.push(() => sipp.kill());
  return sipp;
}

/** Speech in a recording, ms: 20 ms windows louder than a whisper. */
function loudStretchMs(audio: PcmAudio): number {
  const window = Math.round(audio.sampleRate / 50);
  let loud = 0;
  for (let start = 0; start + window <= audio.samples.length; start += window) {
    let energy = 0;
    for (let index = start; index < start + window; index++) energy += audio.samples[index]! ** 2;
    if (Math.sqrt(energy / window) > 500) loud += 20;
  }
  return loud;
}

const hostLog = (dir: string) => readLogText(join(dir, 'logs'));
