// Twenty Twilio callers in a process of their own, so the phone bench's CPU figure is the host's:
// they place their calls (signed webhook, Media Stream) against the host at argv[2] with the auth
// token argv[3], print {"callSids": [...]} once every stream is open, say their questions in real
// time when a line "speak" comes on stdin, and print {"answered": true, "foreignMessages": n} once
// every answer has played. A line "stop" ends the calls and the process.
import { createInterface } from 'node:readline';
import { placeCalls } from '../../src/main/adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import { questionOf, toneThenQuestion } from '../../src/main/host/testing/call-tones.ts';

const [base, authToken, callsText] = process.argv.slice(2) as [string, string, string];
const calls = Number(callsText);

const spoken = await Promise.all(Array.from({ length: calls }, (_, caller) => toneThenQuestion(caller, questionOf(caller))));
const { streams, callSids } = await placeCalls(base, authToken, calls);
process.stdout.write(`${JSON.stringify({ callSids })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'speak') {
    await Promise.all(streams.map(async (stream, caller) => {
      await stream.silence(300);
      await stream.say(spoken[caller]!);
      await stream.silence(1200);
    }));
    while (!streams.every((stream) => stream.marksReturned.length > 0 && stream.received.length >= 60)) await new Promise((resolve) => setTimeout(resolve, 50));
    process.stdout.write(`${JSON.stringify({ answered: true, foreignMessages: streams.reduce((sum, stream) => sum + stream.foreignMessages, 0) })}\n`);
  }
  if (line === 'stop') break;
}
for (const stream of streams) stream.stop();
process.exit(0);
