import { describe, expect, it } from 'vitest';
import type { VadEvent } from '../../../ports/vad.ts';
import { DEFAULT_SILERO_VAD_OPTIONS } from '../silero-vad.ts';
import { SpeechSegmenter, type SegmenterOptions } from './speech-segmenter.ts';

// The hysteresis and duration rules on scripted probabilities (one per 32 ms frame). Frames are
// a 1 kHz tone where the script says speech and digital silence elsewhere, so edge refinement
// lands on frame edges.

const FRAME = 512;
const FRAME_MS = 32;

function tone(loud: boolean): Int16Array {
  const frame = new Int16Array(FRAME);
  if (loud) for (let i = 0; i < FRAME; i++) frame[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 16000));
  return frame;
}

function run(probabilities: number[], options: Partial<SegmenterOptions> = {}, loud = (p: number) => p >= 0.35): VadEvent[] {
  const segmenter = new SpeechSegmenter({ ...DEFAULT_SILERO_VAD_OPTIONS, ...options });
  const events: VadEvent[] = [];
  for (const p of probabilities) events.push(...segmenter.processFrame(tone(loud(p)), p));
  events.push(...segmenter.finish());
  return events;
}

const frames = (count: number, p: number) => Array.from({ length: count }, () => p);
const summary = (events: VadEvent[]) =>
  events.map((event) => (event.type === 'speech_started' ? ['started', event.atMs] : ['ended', event.startedAtMs, event.atMs]));

describe('SpeechSegmenter', () => {
  it('starts at the positive threshold, continues above the negative one, ends after the minimum silence', () => {
    // 10 silent frames, one at 0.6 (start), 10 at 0.4 (between thresholds: still speech), silence.
    const events = run([...frames(10, 0.1), 0.6, ...frames(10, 0.4), ...frames(20, 0.1)]);
    expect(summary(events)).toEqual([
      ['started', 10 * FRAME_MS],
      ['ended', 10 * FRAME_MS, 21 * FRAME_MS],
    ]);
  });

  it('does not start on frames between the thresholds', () => {
    expect(run([...frames(5, 0.1), ...frames(30, 0.45), ...frames(20, 0.1)])).toEqual([]);
  });

  it('keeps one segment across a pause shorter than the minimum silence, and splits at a longer one', () => {
    const pause = (ms: number) => frames(Math.ceil(ms / FRAME_MS), 0.05);
    const short = run([...frames(3, 0), ...frames(10, 0.9), ...pause(350), ...frames(10, 0.9), ...frames(20, 0)]);
    expect(summary(short).filter(([kind]) => kind === 'ended')).toHaveLength(1);
    const long = run([...frames(3, 0), ...frames(10, 0.9), ...pause(450), ...frames(10, 0.9), ...frames(20, 0)]);
    expect(summary(long).filter(([kind]) => kind === 'ended')).toHaveLength(2);
  });

  it('announces speech only once it has lasted the minimum, with the onset as its time', () => {
    const segmenter = new SpeechSegmenter(DEFAULT_SILERO_VAD_OPTIONS);
    const emitted: [number, VadEvent[]][] = [];
    const script = [...frames(4, 0), ...frames(12, 0.9)];
    script.forEach((p, frame) => emitted.push([frame, segmenter.processFrame(tone(p > 0.35), p)]));
    const startedAt = emitted.find(([, events]) => events.length > 0);
    // 250 ms = 7.8 frames: announced with the 8th speech frame (index 11), dated at frame 4.
    expect(startedAt).toEqual([11, [{ type: 'speech_started', atMs: 4 * FRAME_MS }]]);
  });

  it('drops a burst shorter than the minimum speech, or reports it when asked', () => {
    const burst = [...frames(5, 0), ...frames(4, 0.95), ...frames(20, 0)];
    expect(run(burst)).toEqual([]);
    expect(summary(run(burst, { reportShortBursts: true }))).toEqual([
      ['started', 5 * FRAME_MS],
      ['ended', 5 * FRAME_MS, 9 * FRAME_MS],
    ]);
  });

  it('carries the utterance with 200 ms before and 100 ms after it', () => {
    const events = run([...frames(20, 0), ...frames(20, 0.9), ...frames(20, 0)]);
    const end = events.find((event) => event.type === 'speech_ended');
    expect(end?.type === 'speech_ended' && end.audio.length).toBe((20 * FRAME_MS + 300) * 16);
    // Starts with 200 ms of silence, then the tone.
    expect(end?.type === 'speech_ended' && end.audio.subarray(0, 200 * 16).every((sample) => sample === 0)).toBe(true);
    expect(end?.type === 'speech_ended' && end.audio[200 * 16 + 4]).not.toBe(0);
  });

  it('pads with what exists when speech starts at the beginning of the stream', () => {
    const events = run([...frames(10, 0.9), ...frames(20, 0)]);
    const end = events.find((event) => event.type === 'speech_ended');
    expect(end?.type === 'speech_ended' && [end.startedAtMs, end.audio.length]).toEqual([0, (10 * FRAME_MS + 100) * 16]);
  });

  it('cuts speech at the maximum length and starts again', () => {
    const events = run([...frames(2, 0), ...frames(40, 0.9), ...frames(20, 0)], { maxSpeechMs: 640 });
    expect(summary(events)).toEqual([
      ['started', 2 * FRAME_MS],
      ['ended', 2 * FRAME_MS, 22 * FRAME_MS],
      ['started', 22 * FRAME_MS],
      ['ended', 22 * FRAME_MS, 42 * FRAME_MS],
    ]);
  });

  it('closes open speech at the end of the stream', () => {
    expect(summary(run([...frames(3, 0), ...frames(15, 0.9)]))).toEqual([
      ['started', 3 * FRAME_MS],
      ['ended', 3 * FRAME_MS, 18 * FRAME_MS],
    ]);
  });

  it('moves edges to where the sound is when the model lags it', () => {
    // Sound from frame 5 to frame 20; the model hears speech only from frame 7 to frame 22.
    const segmenter = new SpeechSegmenter(DEFAULT_SILERO_VAD_OPTIONS);
    const events: VadEvent[] = [];
    for (let frame = 0; frame < 40; frame++) {
      const p = frame >= 7 && frame <= 22 ? 0.9 : 0.02;
      events.push(...segmenter.processFrame(tone(frame >= 5 && frame <= 20), p));
    }
    expect(summary(events)).toEqual([
      ['started', 5 * FRAME_MS],
      ['ended', 5 * FRAME_MS, 21 * FRAME_MS],
    ]);
    // Without refinement the model's frames are the edges.
    const raw = new SpeechSegmenter({ ...DEFAULT_SILERO_VAD_OPTIONS, refineEdges: false });
    const rawEvents: VadEvent[] = [];
    for (let frame = 0; frame < 40; frame++) {
      rawEvents.push(...raw.processFrame(tone(frame >= 5 && frame <= 20), frame >= 7 && frame <= 22 ? 0.9 : 0.02));
    }
    expect(summary(rawEvents)).toEqual([
      ['started', 7 * FRAME_MS],
      ['ended', 7 * FRAME_MS, 23 * FRAME_MS],
    ]);
  });

  it('does not move an edge into steady background noise', () => {
    // Background tone at the same level everywhere: energy cannot place the edges, the model does.
    const events = run([...frames(40, 0.02), ...frames(15, 0.9), ...frames(20, 0.02)], {}, () => true);
    expect(summary(events)).toEqual([
      ['started', 40 * FRAME_MS],
      ['ended', 40 * FRAME_MS, 55 * FRAME_MS],
    ]);
  });
});
