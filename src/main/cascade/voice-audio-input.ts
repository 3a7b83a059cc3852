import type { Logger } from 'pino';
import { AppError } from '../core/errors.ts';
import { initialWakeGateState, stepWakeGate, type WakeInput } from '../core/voice-loop/wake-gate.ts';
import type { TurnTaking, VoiceEvent } from '../core/voice-loop/voice-types.ts';
import type { Clock } from '../ports/clock.ts';
import type { VoiceActivityDetector } from '../ports/vad.ts';
import type { WakeWordDetector } from '../ports/wake-word.ts';

// Microphone audio to voice events: hands-free through the VAD, push-to-talk by recording while
// the key is held, wake word through the VAD and the wake-word detector (only speech addressed
// with the phrase gets through, see wake-gate.ts). Utterances are kept by id until the runtime's
// transcribe command takes them.

export const INPUT_SAMPLE_RATE = 16_000;
/** Utterances the reducer never asked to transcribe (noise, a cancelled turn) are kept this long. */
const MAX_UNCLAIMED_UTTERANCES = 4;
/** A held push-to-talk key records at most this much (2 minutes); later audio is dropped. */
const MAX_CAPTURE_SAMPLES = INPUT_SAMPLE_RATE * 120;
/**
 * Audio waiting for the VAD, at most (2 s). A microphone sends in real time and the VAD runs ~100x
 * faster, so only a sender faster than real time (or a stalled host) gets near it; past it frames
 * are dropped with an error instead of queueing memory and answering late.
 */
export const MAX_VAD_BACKLOG_SAMPLES = INPUT_SAMPLE_RATE * 2;

export interface Utterance {
  samples: Int16Array;
  /** Clock time the speech ended (the VAD decided, or the key was released). */
  endedAt: number;
}

export interface AudioInput {
  /** Records while the key is held, else feeds the VAD (hands-free, wake word) and the wake-word detector. Pushes are processed in order. */
  push(samples: Int16Array, mode: TurnTaking): Promise<void>;
  pressTalk(): void;
  /** Ends the recording: the utterance's id and length. */
  releaseTalk(): { utteranceId: string; durationMs: number };
  /** Removes and returns a kept utterance. */
  take(utteranceId: string): Utterance | undefined;
  /** A new stream (mode change): the VAD forgets, a recording in progress is dropped. */
  reset(): void;
  /** The key is held, or the VAD is inside speech that has not ended yet. */
  hearing(): boolean;
  /** The utterance began with the wake phrase: its transcript should lose it. Forgets the id. */
  tookPhrase(utteranceId: string): boolean;
  /** The utterance with the phrase held the question too: the gate stops waiting for one. */
  questionHeard(): void;
  close(): void;
}

export interface AudioInputOptions {
  vad: VoiceActivityDetector | undefined;
  clock: Clock;
  logger: Logger;
  emit(event: VoiceEvent): void;
  /** Wake-word mode needs it; without one, that mode hears nothing. */
  wake?: WakeWordDetector;
  /** The wake phrase was just heard (for the UI). */
  onWakeHeard?(): void;
}

export function createAudioInput({ vad, clock, logger, emit, wake, onWakeHeard }: AudioInputOptions): AudioInput {
  const utterances = new Map<string, Utterance>();
  let ids = 0;
  let capture: Int16Array[] | null = null;
  let captured = 0;
  let chain: Promise<void> = Promise.resolve();
  let backlog = 0;
  let dropped = 0;
  let closed = false;
  let inSpeech = false;
  let gate = initialWakeGateState();
  const withPhrase = new Set<string>();

  /** Speech events straight to the reducer, or (wake word) through the gate first. */
  function deliver(event: WakeInput, gated: boolean): void {
    if (!gated) {
      if (event.type === 'speech_started' || event.type === 'speech_ended') emit(event);
      return;
    }
    const step = stepWakeGate(gate, event);
    gate = step.state;
    for (const utteranceId of step.output.withPhrase) withPhrase.add(utteranceId);
    // Ids of utterances dropped before transcription (a cancelled run) go with the oldest.
    while (withPhrase.size > MAX_UNCLAIMED_UTTERANCES) withPhrase.delete(withPhrase.values().next().value!);
    if (step.output.heard) onWakeHeard?.();
    for (const passed of step.output.events) emit(passed);
  }

  function keep(samples: Int16Array): { utteranceId: string; durationMs: number } {
    const utteranceId = `u${(ids += 1)}`;
    utterances.set(utteranceId, { samples, endedAt: clock.now() });
    while (utterances.size > MAX_UNCLAIMED_UTTERANCES) utterances.delete(utterances.keys().next().value!);
    return { utteranceId, durationMs: (samples.length / INPUT_SAMPLE_RATE) * 1000 };
  }

  async function feedVad(detector: VoiceActivityDetector, samples: Int16Array, gated: boolean): Promise<void> {
    if (closed) return;
    let events;
    let detections: { atMs: number }[] = [];
    try {
      [events, detections] = await Promise.all([detector.push(samples), gated && wake ? wake.push(samples) : []]);
    } catch (error) {
      logger.warn({ code: 'voice_vad_failed', err: error }, 'voice activity or wake word detection failed');
      detector.reset();
      wake?.reset();
      gate = initialWakeGateState();
      inSpeech = false;
      emit({ type: 'error', atMs: clock.now(), runId: null, source: 'vad', message: (error as Error).message, retryable: true });
      return;
    }
    // The VAD's events in their order, each detection of the phrase placed in the speech it was
    // heard in. Both streams count time from the same reset; an end is decided only after the
    // silence that follows it, so a detection goes before the end of the speech it came in,
    // unless a later start in this push came first.
    const pending = [...detections];
    const deliverWakesBefore = (limitMs: number) => {
      while (pending.length > 0 && pending[0]!.atMs < limitMs) {
        pending.shift();
        deliver({ type: 'wake', atMs: clock.now() }, gated);
      }
    };
    events.forEach((event, index) => {
      if (closed) return;
      if (event.type === 'speech_started') {
        deliverWakesBefore(event.atMs);
        inSpeech = true;
        deliver({ type: 'speech_started', atMs: clock.now() }, gated);
        return;
      }
      const nextStart = events.slice(index + 1).find((later) => later.type === 'speech_started');
      deliverWakesBefore(nextStart?.atMs ?? Number.POSITIVE_INFINITY);
      inSpeech = false;
      const { utteranceId, durationMs } = keep(event.audio);
      deliver({ type: 'speech_ended', atMs: clock.now(), utteranceId, durationMs }, gated);
    });
    if (!closed) deliverWakesBefore(Number.POSITIVE_INFINITY);
  }

  return {
    push(samples, mode) {
      if (closed) return Promise.resolve();
      if (capture) {
        if (captured + samples.length <= MAX_CAPTURE_SAMPLES) {
          capture.push(samples.slice());
          captured += samples.length;
        }
        return Promise.resolve();
      }
      if (mode === 'push_to_talk' || !vad) return Promise.resolve();
      if (backlog + samples.length > MAX_VAD_BACKLOG_SAMPLES) {
        if (dropped++ === 0) logger.warn({ code: 'voice_audio_dropped', backlogMs: msOf(backlog) }, 'audio arrives faster than it is heard: frames dropped');
        return Promise.reject(
          new AppError('too_many_requests', `audio arrives faster than real time: ${msOf(backlog)} ms are still waiting to be heard, so this frame was dropped`, { retryable: true }),
        );
      }
      if (dropped > 0) {
        logger.info({ code: 'voice_audio_resumed', droppedFrames: dropped }, 'audio taken again after dropping frames');
        dropped = 0;
      }
      const copy = samples.slice();
      backlog += copy.length;
      const gated = mode === 'wake_word';
      chain = chain.then(() => feedVad(vad, copy, gated)).finally(() => (backlog -= copy.length));
      return chain;
    },
    pressTalk() {
      capture = [];
      captured = 0;
    },
    releaseTalk() {
      const parts = capture ?? [];
      capture = null;
      const samples = new Int16Array(captured);
      let offset = 0;
      for (const part of parts) {
        samples.set(part, offset);
        offset += part.length;
      }
      captured = 0;
      return keep(samples);
    },
    take(utteranceId) {
      const utterance = utterances.get(utteranceId);
      utterances.delete(utteranceId);
      return utterance;
    },
    reset() {
      capture = null;
      captured = 0;
      inSpeech = false;
      gate = initialWakeGateState();
      withPhrase.clear();
      vad?.reset();
      wake?.reset();
    },
    hearing: () => capture !== null || inSpeech,
    tookPhrase: (utteranceId) => withPhrase.delete(utteranceId),
    questionHeard: () => deliver({ type: 'question_heard', atMs: clock.now() }, true),
    close() {
      closed = true;
      capture = null;
      utterances.clear();
    },
  };
}

const msOf = (samples: number) => Math.round((samples / INPUT_SAMPLE_RATE) * 1000);
