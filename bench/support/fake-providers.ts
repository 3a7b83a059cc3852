// The phone bench's providers in a process of their own (as real ones are elsewhere): the fake
// OpenAI server, its recogniser writing each caller's question from the tone it hears first
// (call-tones.ts) for argv[2] callers. Prints {"baseURL": ...} once listening; ends on SIGTERM.
import { startFakeOpenAiServer } from '../../src/main/adapters/testing/fake-openai-server.ts';
import { callerOf, questionOf } from '../../src/main/host/testing/call-tones.ts';

const callers = Number(process.argv[2]);
const fake = await startFakeOpenAiServer({ transcription: (request) => ({ kind: 'transcript', text: questionOf(callerOf(request.audio, callers)) }) });
process.stdout.write(`${JSON.stringify({ baseURL: fake.baseURL })}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
