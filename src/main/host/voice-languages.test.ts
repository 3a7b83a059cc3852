import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AudioOut, VoiceEventPayload } from '../../shared/voice.ts';
import { startFakeOpenAiServer, type TranscriptionRequest } from '../adapters/testing/fake-openai-server.ts';
import { speak, withSilence } from '../adapters/testing/speech-fixtures.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { useHostFixture } from '../testing/host-fixture.ts';
import { createTestHost } from '../testing/test-host.ts';

// Spoken questions in French, German and Spanish: espeak-ng speech in that language through the
// host's Silero VAD, transcribed by the OpenAI adapter against the fake server (which returns what
// was said), answered by the local skills in that language; the conversation's language follows
// the user, and the next transcription is asked in it.

const fx = useHostFixture();

const FRAME = 320;

const CASES = [
  { language: 'fr', espeak: 'fr', questions: ['quelle heure est-il à Tokyo', 'combien font 7 fois 8'], answers: [/^À Tokyo, il est \d{1,2}:\d{2}/, /^Ça fait 56\./] },
  { language: 'de', espeak: 'de', questions: ['wie spät ist es in Tokio', 'was ist 7 mal 8'], answers: [/^In Tokyo ist es \d{1,2}:\d{2}/, /^Das ergibt 56\./] },
  { language: 'es', espeak: 'es', questions: ['qué hora es en Tokio', 'cuánto es 7 por 8'], answers: [/^En Tokyo son las \d{1,2}:\d{2}/, /^El resultado es 56\./] },
] as const;

describe('voice in four languages', () => {
  it.each(CASES)('hears $language, answers in it and then listens in it', { timeout: 60_000 }, async ({ espeak, questions, answers }) => {
    const heard: TranscriptionRequest[] = [];
    let next = 0;
    fx.server = await startFakeOpenAiServer({
      transcription: (request) => {
        heard.push(request);
        return { kind: 'transcript', text: questions[next++] ?? '' };
      },
      chat: () => ({ kind: 'error', status: 503, message: 'no chat model in this test' }),
    });
    fx.temp = makeTempDir('voice-languages');
    writeFileSync(join(fx.temp!.path, 'settings.yaml'), `voice:\n  mode: hands_free\nproviders:\n  openai:\n    baseURL: ${fx.server!.baseURL}\n`);
    fx.host = createTestHost(fx.temp!.path, { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fx.server!.baseURL } });
    const client = { clientId: 'window-1' };
    const notices: VoiceEventPayload['notice'][] = [];
    fx.host!.subscribe((event, payload) => {
      if (event === 'voice') notices.push((payload as VoiceEventPayload).notice);
      if (event !== 'audioOut') return;
      const { sessionId: id, runId, chunkId } = payload as AudioOut;
      void fx.host!.dispatch('voicePlayback', { sessionId: id, runId, chunkId, event: 'started' }, client).then(() =>
        fx.host!.dispatch('voicePlayback', { sessionId: id, runId, chunkId, event: 'ended' }, client),
      );
    });
    const sessionId = ((await fx.host!.dispatch('startSession', undefined, client)) as { ok: true; value: { id: string } }).value.id;
    const spoken = () => notices.flatMap((notice) => (notice.kind === 'assistant_text' && notice.spoken ? [notice.text] : []));

    for (const [index, question] of questions.entries()) {
      const audio = withSilence(await speak(question, { language: espeak }), { beforeMs: 300, afterMs: 900 });
      for (let offset = 0; offset < audio.audio.samples.length; offset += FRAME) {
        const frame = audio.audio.samples.subarray(offset, offset + FRAME);
        await fx.host!.dispatch('voiceAudio', { sessionId, pcm16: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) }, client);
      }
      await expect.poll(() => spoken(), { timeout: 20_000 }).toContainEqual(expect.stringMatching(answers[index]!));
      await expect.poll(() => notices.filter((notice) => notice.kind === 'phase').at(-1), { timeout: 20_000 }).toMatchObject({ phase: 'listening' });
    }
    // The first question is asked in the app's language; once the conversation is in French
    // (German, Spanish), the next is transcribed in it.
    expect(heard.map((request) => request.language)).toEqual(['en', espeak]);
  });
});
