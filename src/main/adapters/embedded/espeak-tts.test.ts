import { describe, expect, it } from 'vitest';
import type { PcmAudio } from '../../ports/audio.ts';
import { durationMs } from '../../ports/audio.ts';
import { concatPcm, rms } from '../audio/pcm.ts';
import { trimSilence } from '../testing/speech-fixtures.ts';
import { ESPEAK_SAMPLE_RATE, EspeakTextToSpeech, pickVoice } from './espeak-tts.ts';

const tts = new EspeakTextToSpeech();

async function collect(stream: AsyncIterable<PcmAudio>): Promise<PcmAudio[]> {
  const chunks: PcmAudio[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const PANGRAM = 'The quick brown fox jumps over the lazy dog.';

describe('EspeakTextToSpeech', () => {
  it('speaks a sentence for a plausible time, audibly, at 22,050 Hz', async () => {
    const chunks = await collect(tts.synthesize({ text: PANGRAM, language: 'en' }));
    expect(chunks).toHaveLength(1);
    const audio = chunks[0] as PcmAudio;
    expect(audio.sampleRate).toBe(ESPEAK_SAMPLE_RATE);
    const speech = trimSilence(audio);
    const msPerWord = durationMs(speech) / 9;
    expect(msPerWord).toBeGreaterThan(150);
    expect(msPerWord).toBeLessThan(400);
    expect(rms(speech.samples)).toBeGreaterThan(1000);
  });

  it('warms up once per process, for every instance, without failing', async () => {
    const first = new EspeakTextToSpeech().warmUp();
    expect(new EspeakTextToSpeech().warmUp()).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });

  it('streams one chunk per sentence, in order', async () => {
    const text = 'First sentence here. Then a second, longer sentence follows it! Is this the third?';
    const chunks = await collect(tts.synthesize({ text }));
    expect(chunks).toHaveLength(3);
    const lengths = chunks.map((chunk) => chunk.samples.length);
    // The second sentence has the most words, so the most audio.
    expect(Math.max(...lengths)).toBe(lengths[1]);
  });

  it('uses a different voice per language', async () => {
    expect((await tts.resolveVoice({ language: 'en' })).id).toBe('gmw/en-US');
    expect((await tts.resolveVoice({ language: 'de-DE' })).id).toBe('gmw/de');
    const text = 'Haus und Garten.';
    const [english] = await collect(tts.synthesize({ text, language: 'en' }));
    const [german] = await collect(tts.synthesize({ text, language: 'de' }));
    expect(english?.samples).not.toEqual(german?.samples);
  });

  it('speaks faster when asked', async () => {
    const normal = concatPcm(await collect(tts.synthesize({ text: PANGRAM })));
    const fast = concatPcm(await collect(tts.synthesize({ text: PANGRAM, speed: 2 })));
    const ratio = durationMs(trimSilence(fast)) / durationMs(trimSilence(normal));
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.7);
  });

  it('stops between sentences when aborted, ending the stream with a rejection', async () => {
    const controller = new AbortController();
    const stream = tts.synthesize({ text: 'One. Two. Three. Four.', signal: controller.signal })[Symbol.asyncIterator]();
    const first = await stream.next();
    expect(first.done).toBe(false);
    controller.abort();
    await expect(stream.next()).rejects.toMatchObject({ name: 'AppError', code: 'unavailable' });
  });

  it('rejects at once when the signal is already aborted', async () => {
    const signal = AbortSignal.abort();
    await expect(collect(tts.synthesize({ text: PANGRAM, signal }))).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('rejects unknown voices, languages and speeds as bad requests', async () => {
    await expect(collect(tts.synthesize({ text: 'Hi.', voice: 'nobody' }))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(collect(tts.synthesize({ text: 'Hi.', language: 'tlh' }))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(collect(tts.synthesize({ text: 'Hi.', speed: 0 }))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('takes a voice by its espeak id and yields nothing for text without words', async () => {
    expect(await collect(tts.synthesize({ text: 'Bonjour.', voice: 'roa/fr' }))).toHaveLength(1);
    expect(await collect(tts.synthesize({ text: ' ... ' }))).toHaveLength(0);
  });
});

describe('voices', () => {
  it('maps BCP 47 tags to espeak voices', async () => {
    const voices = await tts.listVoices();
    expect(voices.length).toBeGreaterThan(100);
    const pick = (tag: string) => pickVoice(voices, tag)?.id;
    expect(pick('en')).toBe('gmw/en-US');
    expect(pick('en-US')).toBe('gmw/en-US');
    expect(pick('en-GB')).toBe('gmw/en');
    expect(pick('de')).toBe('gmw/de');
    expect(pick('fr')).toBe('roa/fr');
    expect(pick('fr-CA')).toBe('roa/fr');
    expect(pick('es')).toBe('roa/es');
    expect(pick('it')).toBe('roa/it');
    expect(pick('pt-BR')).toBe('roa/pt-BR');
    expect(pick('pt_br')).toBe('roa/pt-BR');
    expect(pick('zh-CN')).toBe('sit/cmn');
    expect(pick('xx')).toBeUndefined();
  });
});

