import { writeFile } from 'node:fs/promises';
import type { PcmAudio } from '../../ports/audio.ts';
import { concatPcm } from '../audio/pcm.ts';
import { resamplePcm } from '../audio/resample.ts';
import { encodeWav } from '../audio/wav.ts';
import { EspeakTextToSpeech } from '../embedded/espeak-tts.ts';

/** Real speech for tests and benches, made offline by espeak-ng. */

let tts: EspeakTextToSpeech | undefined;

/** Below this (Int16 scale, about -50 dBFS) a sample counts as espeak's silence. */
export const SPEECH_THRESHOLD = 100;

export interface SpeakOptions {
  language?: string;
  /** Hz; default 16000 (what VAD and STT take). */
  sampleRate?: number;
  speed?: number;
}

/** Synthesizes `text` (all sentences, joined) and resamples it to `sampleRate`. */
export async function speak(text: string, options: SpeakOptions = {}): Promise<PcmAudio> {
  tts ??= new EspeakTextToSpeech();
  const chunks: PcmAudio[] = [];
  for await (const chunk of tts.synthesize({ text, language: options.language, speed: options.speed })) chunks.push(chunk);
  return resamplePcm(concatPcm(chunks), options.sampleRate ?? 16000);
}

/** Samples from the first to the last one whose magnitude exceeds `threshold`. */
export function trimSilence(audio: PcmAudio, threshold = SPEECH_THRESHOLD): PcmAudio {
  const { samples } = audio;
  let start = 0;
  while (start < samples.length && Math.abs(samples[start] as number) <= threshold) start++;
  let end = samples.length;
  while (end > start && Math.abs(samples[end - 1] as number) <= threshold) end--;
  return { samples: samples.slice(start, end), sampleRate: audio.sampleRate };
}

export function silence(ms: number, sampleRate: number): PcmAudio {
  return { samples: new Int16Array(Math.round((ms * sampleRate) / 1000)), sampleRate };
}

export interface AudioWithSpeech {
  audio: PcmAudio;
  /** Where speech (above SPEECH_THRESHOLD) starts and ends in `audio`, in ms. */
  speechStartMs: number;
  speechEndMs: number;
}

/** Trims the speech's own leading/trailing silence, then pads it with exact silences. */
export function withSilence(speech: PcmAudio, padding: { beforeMs?: number; afterMs?: number }): AudioWithSpeech {
  const trimmed = trimSilence(speech);
  const before = silence(padding.beforeMs ?? 0, speech.sampleRate);
  const after = silence(padding.afterMs ?? 0, speech.sampleRate);
  const audio = concatAudio(before, trimmed, after);
  const toMs = (samples: number) => (samples / speech.sampleRate) * 1000;
  return {
    audio,
    speechStartMs: toMs(before.samples.length),
    speechEndMs: toMs(before.samples.length + trimmed.samples.length),
  };
}

/** Joins clips of one sample rate. */
export function concatAudio(...parts: PcmAudio[]): PcmAudio {
  return concatPcm(parts);
}

/** Writes mono 16-bit WAV (for listening, or for Chromium's fake microphone). */
export async function toWavFile(path: string, audio: PcmAudio): Promise<void> {
  await writeFile(path, encodeWav(audio));
}
