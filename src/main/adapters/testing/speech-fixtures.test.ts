import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationMs } from '../../ports/audio.ts';
import { rms } from '../audio/pcm.ts';
import { decodeWav } from '../audio/wav.ts';
import { concatAudio, silence, speak, SPEECH_THRESHOLD, toWavFile, trimSilence, withSilence } from './speech-fixtures.ts';

describe('speech fixtures', () => {
  it('speaks text at 16 kHz by default, or at the rate asked', async () => {
    const audio = await speak('Turn on the kitchen lights.');
    expect(audio.sampleRate).toBe(16000);
    expect(durationMs(audio)).toBeGreaterThan(800);
    expect(rms(trimSilence(audio).samples)).toBeGreaterThan(1000);
    const at8k = await speak('Turn on the kitchen lights.', { sampleRate: 8000 });
    expect(at8k.samples.length).toBe(Math.round(audio.samples.length / 2));
  });

  it('pads speech with exact silences and reports where the speech is', async () => {
    const speech = await speak('Hello there.', { language: 'en' });
    const { audio, speechStartMs, speechEndMs } = withSilence(speech, { beforeMs: 500, afterMs: 300 });
    expect(speechStartMs).toBe(500);
    expect(durationMs(audio) - speechEndMs).toBeCloseTo(300, 5);
    const at = (ms: number) => Math.round((ms * audio.sampleRate) / 1000);
    const before = audio.samples.subarray(0, at(speechStartMs));
    const after = audio.samples.subarray(at(speechEndMs));
    expect(before.every((s) => s === 0)).toBe(true);
    expect(after.every((s) => s === 0)).toBe(true);
    // The first and last samples of the speech are the loud ones that bound it.
    expect(Math.abs(audio.samples[at(speechStartMs)] as number)).toBeGreaterThan(SPEECH_THRESHOLD);
    expect(Math.abs(audio.samples[at(speechEndMs) - 1] as number)).toBeGreaterThan(SPEECH_THRESHOLD);
  });

  it('concatenates clips and writes WAV files that read back the same', async () => {
    const speech = await speak('Yes.');
    const joined = concatAudio(silence(100, 16000), speech, silence(100, 16000));
    expect(joined.samples.length).toBe(speech.samples.length + 3200);
    const dir = await mkdtemp(join(tmpdir(), 'speech-fixtures-'));
    try {
      const path = join(dir, 'yes.wav');
      await toWavFile(path, joined);
      expect(decodeWav(await readFile(path))).toEqual(joined);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
