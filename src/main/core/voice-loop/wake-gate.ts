// Wake-word turn-taking as data: the VAD's speech and the wake-word detector's detections in, the
// speech events the voice reducer should see out. Only speech addressed to the assistant passes:
// speech during which the wake phrase was heard ("Hey Jarvis, what time is it?" in one breath), or
// speech that starts soon after speech that held the phrase ("Hey Jarvis." ... "What time is it?").
// Whether that speech was the phrase alone is only known once its transcript comes back, which can
// be after the question has started: so the gate waits for a question after every utterance with
// the phrase, and stops waiting once that utterance's transcript turns out to hold the question.

import type { VoiceEvent } from './voice-types.ts';

/** After the phrase alone, the command may start this long after (ms). */
export const WAKE_FOLLOW_MS = 8000;

export type WakeInput =
  | { type: 'speech_started'; atMs: number }
  | { type: 'speech_ended'; atMs: number; utteranceId: string; durationMs: number }
  | { type: 'wake'; atMs: number }
  /** The utterance with the phrase held a question too (its transcript, the phrase taken out, has words). */
  | { type: 'question_heard'; atMs: number };

export interface WakeGateState {
  inSpeech: boolean;
  /** The speech going on now is for the assistant (its speech_started has been passed on). */
  addressed: boolean;
  /** The wake phrase was heard during the speech going on now. */
  phraseInSpeech: boolean;
  /** Speech starting before this clock time is addressed without the phrase; 0 = not armed. */
  armedUntilMs: number;
}

export interface WakeGateOutput {
  /** For the voice reducer, in order. */
  events: VoiceEvent[];
  /** Utterances passed on whose transcript starts with the phrase (to be taken out of it). */
  withPhrase: string[];
  /** The phrase was just heard (the UI shows it). */
  heard: boolean;
}

export const initialWakeGateState = (): WakeGateState => ({ inSpeech: false, addressed: false, phraseInSpeech: false, armedUntilMs: 0 });

export function stepWakeGate(state: WakeGateState, input: WakeInput): { state: WakeGateState; output: WakeGateOutput } {
  const output: WakeGateOutput = { events: [], withPhrase: [], heard: false };
  const next = { ...state };
  switch (input.type) {
    case 'wake':
      output.heard = true;
      if (next.inSpeech) {
        next.phraseInSpeech = true;
        if (!next.addressed) {
          next.addressed = true;
          output.events.push({ type: 'speech_started', atMs: input.atMs });
        }
      } else {
        next.armedUntilMs = input.atMs + WAKE_FOLLOW_MS;
      }
      break;
    case 'speech_started':
      next.inSpeech = true;
      next.phraseInSpeech = false;
      next.addressed = next.armedUntilMs > 0 && input.atMs <= next.armedUntilMs;
      if (next.addressed) {
        next.armedUntilMs = 0;
        output.events.push({ type: 'speech_started', atMs: input.atMs });
      }
      break;
    case 'speech_ended':
      if (next.addressed) {
        output.events.push({ type: 'speech_ended', atMs: input.atMs, utteranceId: input.utteranceId, durationMs: input.durationMs });
        if (next.phraseInSpeech) {
          output.withPhrase.push(input.utteranceId);
          // It may have been the phrase alone: the next speech soon after is the question.
          next.armedUntilMs = input.atMs + WAKE_FOLLOW_MS;
        }
      }
      next.inSpeech = false;
      next.addressed = false;
      next.phraseInSpeech = false;
      break;
    case 'question_heard':
      // The question came with the phrase: no longer waiting for one. Speech let through because
      // the gate was waiting goes on to its end (it is already with the reducer).
      next.armedUntilMs = 0;
      break;
  }
  return { state: next, output };
}
