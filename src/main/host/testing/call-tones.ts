import { concatAudio, speak } from '../../adapters/testing/speech-fixtures.ts';
import type { PcmAudio } from '../../ports/audio.ts';

// Tells calls apart by ear, for tests that run many at once: each caller says a short tone of its
// own pitch right before its question, and the fake recogniser hears which pitch it got (Goertzel)
// to write that caller's question. No speech model can run here; this keeps "every call gets its
// own answer" a real check of the audio path.

export const TONE_MS = 150;
const BASE_HZ = 500;
const STEP_HZ = 75;

export const toneHz = (caller: number) => BASE_HZ + caller * STEP_HZ;

export function tone(caller: number, sampleRate: number): PcmAudio {
  const samples = new Int16Array(Math.round((TONE_MS * sampleRate) / 1000));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * toneHz(caller) * i) / sampleRate));
  return { samples, sampleRate };
}

/** Which of `callers` tones is loudest in the first part of `audio` (the VAD keeps 200 ms before speech). */
export function callerOf(audio: PcmAudio, callers: number): number {
  const window = audio.samples.subarray(0, Math.min(audio.samples.length, Math.round(audio.sampleRate * 0.4)));
  let best = -1;
  let bestPower = -1;
  for (let caller = 0; caller < callers; caller++) {
    const power = goertzel(window, audio.sampleRate, toneHz(caller));
    if (power > bestPower) {
      bestPower = power;
      best = caller;
    }
  }
  return best;
}

function goertzel(samples: Int16Array, sampleRate: number, hz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

/** The question caller `caller` asks in the load test and the bench: each has its own answer, (caller + 2) x 7. */
export const questionOf = (caller: number) => `what is ${caller + 2} times seven`;

/** What caller `caller` says on an 8 kHz line: its tone, then `question` spoken by espeak-ng. */
export async function toneThenQuestion(caller: number, question: string): Promise<PcmAudio> {
  return concatAudio(tone(caller, 8000), await speak(question, { sampleRate: 8000 }));
}
