import { readFile } from 'node:fs/promises';
import type { PcmAudio } from '../../../ports/audio.ts';
import { AppError } from '../../../core/errors.ts';
import { resamplePcm } from '../../audio/resample.ts';
import { decodeWav } from '../../audio/wav.ts';
import { createSileroVad, type SileroVadOptions } from '../silero-vad.ts';

export interface SpeechSegment {
  startMs: number;
  endMs: number;
}

export interface WavSpeechReport {
  file: string;
  /** The file's own rate (Hz); the audio is resampled to 16 kHz for the VAD. */
  sampleRate: number;
  durationMs: number;
  segments: SpeechSegment[];
}

/** Audio read in 100 ms pushes, as a microphone would deliver it. */
const PUSH_SAMPLES = 1600;

/** Speech segments of a whole clip (any supported rate; resampled to 16 kHz). */
export async function findSpeechSegments(audio: PcmAudio, options: SileroVadOptions = {}): Promise<SpeechSegment[]> {
  const input = audio.sampleRate === 16000 ? audio : resamplePcm(audio, 16000);
  const vad = await createSileroVad(options);
  const segments: SpeechSegment[] = [];
  const streamMs = (input.samples.length / 16) | 0;
  const collect = (events: Awaited<ReturnType<typeof vad.push>>) => {
    for (const event of events) {
      if (event.type === 'speech_ended') {
        segments.push({ startMs: Math.round(event.startedAtMs), endMs: Math.min(streamMs, Math.round(event.atMs)) });
      }
    }
  };
  for (let offset = 0; offset < input.samples.length; offset += PUSH_SAMPLES) {
    collect(await vad.push(input.samples.subarray(offset, offset + PUSH_SAMPLES)));
  }
  collect(await vad.flush());
  return segments;
}

/** Reads a WAV file (any rate, mono or multichannel) and finds its speech. */
export async function findSpeechInWavFile(file: string, options: SileroVadOptions = {}): Promise<WavSpeechReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new AppError('not_found', `cannot read ${file}: ${reason}`, { cause: error });
  }
  const audio = decodeWav(bytes);
  return {
    file,
    sampleRate: audio.sampleRate,
    durationMs: Math.round((audio.samples.length / audio.sampleRate) * 1000),
    segments: await findSpeechSegments(audio, options),
  };
}
