import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { VadEvent, VoiceActivityDetector } from '../ports/vad.ts';
import { createAudioInput, INPUT_SAMPLE_RATE, MAX_VAD_BACKLOG_SAMPLES } from './voice-audio-input.ts';

/** A VAD that hears nothing and answers each push only when the test lets it. */
function gatedVad() {
  const waiting: (() => void)[] = [];
  let pushed = 0;
  const vad: VoiceActivityDetector = {
    sampleRate: 16000,
    push: () =>
      new Promise<VadEvent[]>((resolve) => {
        pushed++;
        waiting.push(() => resolve([]));
      }),
    reset: () => undefined,
  };
  return {
    vad,
    pushed: () => pushed,
    /** Lets every push made so far finish (a push reaches the VAD a tick after the one before it ends). */
    async drain() {
      const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
      await tick();
      while (waiting.length > 0) {
        waiting.shift()!();
        await tick();
      }
    },
  };
}

const FRAME = INPUT_SAMPLE_RATE / 10; // 100 ms

describe('microphone audio into the VAD', () => {
  it('drops audio that arrives faster than it is heard, with an error, and takes it again once caught up', async () => {
    const gate = gatedVad();
    const input = createAudioInput({ vad: gate.vad, clock: { now: () => 0 }, logger: pino({ level: 'silent' }), emit: () => undefined });
    const frame = new Int16Array(FRAME);

    // 10 s of audio at once, as a sender at many times real time would.
    const outcomes = Array.from({ length: 100 }, () => input.push(frame, 'hands_free').then(() => 'heard', (error: Error & { code?: string }) => error.code ?? error.message));
    await gate.drain();
    const settled = await Promise.all(outcomes);

    const accepted = MAX_VAD_BACKLOG_SAMPLES / FRAME;
    expect(settled.filter((outcome) => outcome === 'heard')).toHaveLength(accepted);
    expect(settled.slice(accepted).every((outcome) => outcome === 'too_many_requests')).toBe(true);
    expect(gate.pushed()).toBe(accepted);

    const again = input.push(frame, 'hands_free');
    await gate.drain();
    await expect(again).resolves.toBeUndefined();
  });

  it('explains the drop in words', async () => {
    const gate = gatedVad();
    const input = createAudioInput({ vad: gate.vad, clock: { now: () => 0 }, logger: pino({ level: 'silent' }), emit: () => undefined });
    const pending = Array.from({ length: MAX_VAD_BACKLOG_SAMPLES / FRAME }, () => input.push(new Int16Array(FRAME), 'hands_free'));
    await expect(input.push(new Int16Array(FRAME), 'hands_free')).rejects.toThrow(/faster than real time: 2000 ms are still waiting/);
    await gate.drain();
    await Promise.all(pending);
  });
});

describe('wake-word mode', () => {
  it('keeps the VAD events of one push in order and places the phrase in the speech it was heard in', async () => {
    // One push that holds the end of one utterance and the start of the next, with the phrase heard in the second.
    const results: VadEvent[][] = [
      [{ type: 'speech_started', atMs: 100 }],
      [
        { type: 'speech_ended', atMs: 900, startedAtMs: 100, audio: new Int16Array(16_000), sampleRate: 16_000 },
        { type: 'speech_started', atMs: 1300 },
      ],
      [{ type: 'speech_ended', atMs: 3000, startedAtMs: 1300, audio: new Int16Array(16_000), sampleRate: 16_000 }],
    ];
    const detections = [[], [{ score: 0.9, atMs: 1900 }], []];
    const vad: VoiceActivityDetector = { sampleRate: 16000, push: async () => results.shift() ?? [], reset: () => undefined };
    const wake = { phraseLabel: 'Hey Jarvis', push: async () => detections.shift() ?? [], reset: () => undefined };
    const emitted: string[] = [];
    const input = createAudioInput({
      vad,
      wake,
      clock: { now: () => 0 },
      logger: pino({ level: 'silent' }),
      emit: (event) => emitted.push(event.type === 'speech_ended' ? `ended:${event.utteranceId}` : event.type),
    });
    for (let push = 0; push < 3; push++) await input.push(new Int16Array(FRAME), 'wake_word');
    // The first utterance had no phrase and is not passed on; the second is, from its start.
    expect(emitted).toEqual(['speech_started', 'ended:u2']);
    expect(input.tookPhrase('u2')).toBe(true);
    expect(input.tookPhrase('u1')).toBe(false);
  });
});
