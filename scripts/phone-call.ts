// Places a test call by hand, as Twilio would: the signed voice webhook, then a Media Stream that
// says a question (espeak-ng, 8 kHz mu-law, real time) and records what the assistant says back.
// Or over SIP, with baresip (Debian's baresip-core) as the phone: the question as its microphone,
// its recording of the call as the answer.
//
//   npm run -s phone-call -- --url http://127.0.0.1:8765 --auth-token TOKEN ["what is twelve times seven"] [--out answer.wav] [--from +15551230000]
//   npm run -s phone-call -- --sip sip:assistant@127.0.0.1:5060 ["what is twelve times seven"] [--out answer.wav]
//
// --url is the public URL set in Settings › Phone (the host's own address for a local test); the
// auth token is the one saved there (or TWILIO_AUTH_TOKEN). Prints the call's frames and marks, and
// with --out writes the answer it heard as an 8 kHz WAV.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeWav, encodeWav } from '../src/main/adapters/audio/wav.ts';
import { runBaresip } from '../src/main/adapters/telephony/sip/testing/baresip.ts';
import { freeUdpPort, writePcmWav } from '../src/main/adapters/telephony/sip/testing/peer-processes.ts';
import { callWebhook, openMediaStream, sid } from '../src/main/adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import { concatAudio, silence, speak } from '../src/main/adapters/testing/speech-fixtures.ts';

const USAGE = 'usage: npm run -s phone-call -- --url URL --auth-token TOKEN ["question"] [--out answer.wav] [--from +15551230000]\n       npm run -s phone-call -- --sip sip:assistant@HOST:PORT ["question"] [--out answer.wav]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, sip: { type: 'string' }, 'auth-token': { type: 'string' }, out: { type: 'string' }, from: { type: 'string', default: '+15551230000' }, help: { type: 'boolean', default: false } },
  });
  if (values.sip && !values.help) return callOverSip(values.sip, positionals.join(' ') || 'what is twelve times seven', values.out);
  const authToken = values['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN;
  if (values.help || !values.url || !authToken) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const base = values.url.replace(/\/+$/, '');
  const question = positionals.join(' ') || 'what is twelve times seven';
  const callSid = sid('CA');
  const reply = await callWebhook(`${base}/twilio/voice`, authToken, { CallSid: callSid, From: values.from, To: '+15559870000', AccountSid: `AC${'0'.repeat(32)}` });
  if (reply.status !== 200 || !reply.streamUrl) throw new Error(`the webhook answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  console.log(`answered: stream ${reply.streamUrl}`);
  const stream = await openMediaStream(reply.streamUrl, { authToken, callSid, customParameters: reply.parameters });
  await stream.silence(300);
  await stream.say(await speak(question, { sampleRate: 8000 }));
  console.log(`said: "${question}"`);
  // Listen until the answer has played and two seconds pass without audio (20 s at most for it to start).
  let heardFrames = -1;
  for (let quiet = 0, waited = 0; quiet < 10 && stream.received.length < 5000; waited += 200) {
    await stream.silence(200);
    quiet = stream.received.length === heardFrames && heardFrames > 0 ? quiet + 1 : 0;
    heardFrames = stream.received.length;
    if (heardFrames === 0 && waited > 20_000) break;
  }
  stream.stop();
  console.log(`heard: ${stream.received.length} frames (${(stream.received.length * 0.02).toFixed(2)} s), ${stream.marksReturned.length} marks`);
  if (values.out) {
    writeFileSync(values.out, encodeWav({ samples: stream.heard(), sampleRate: 8000 }));
    console.log(`wrote ${values.out}`);
  }
}

/** baresip dials `uri`, says the question, listens for 15 s and hangs up. */
async function callOverSip(uri: string, question: string, out: string | undefined): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'phone-call-'));
  try {
    const microphone = join(workDir, 'question.wav');
    writePcmWav(microphone, concatAudio(silence(300, 8000), await speak(question, { sampleRate: 8000 }), silence(15_000, 8000)));
    const { process: phone, recordings } = runBaresip({ workDir, sipPort: await freeUdpPort(), microphoneWav: microphone, dial: uri, seconds: 15 });
    console.log(`calling ${uri} with baresip, saying: "${question}"`);
    const code = await phone.exited(40_000);
    const answered = /Call established/.test(phone.output());
    if (!answered) throw new Error(`the call was not answered (baresip exited ${code}):\n${phone.output().slice(-2000)}`);
    const received = readdirSync(recordings).find((name) => name.endsWith('-dec.wav'));
    if (!received) throw new Error('baresip recorded nothing of the call');
    const heard = decodeWav(readFileSync(join(recordings, received)));
    console.log(`heard: ${(heard.samples.length / heard.sampleRate).toFixed(2)} s of audio back`);
    if (out) {
      copyFileSync(join(recordings, received), out);
      console.log(`wrote ${out}`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`phone-call: ${(error as Error).message}`);
    process.exit(1);
  },
);
