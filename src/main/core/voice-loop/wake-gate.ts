// Wake-word turn-taking as data: the VAD's speech and the wake-word detector's detections in, the
// speech events the voice reducer should see out. Only speech addressed to the assistant passes:
// speech during which the wake phrase was heard ("Hey Jarvis, what time is it?" in one breath), or
// speech that starts soon after the phrase was said alone ("Hey Jarvis." ... "What time is it?").

import type { VoiceEvent } from './voice-types.ts';

/** After the phrase alone, the command may start this long after (ms). */
export const WAKE_FOLLOW_MS = 8000;

export type WakeInput =
  | { type: 'speech_started'; atMs: number }
  | { type: 'speech_ended'; atMs: number; utteranceId: string; durationMs: number }
  | { type: 'wake'; atMs: number }
  /** The addressed utterance held only the phrase (its transcript was empty once the phrase was taken out). */
  | { type: 'phrase_only'; atMs: number };

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
        if (next.phraseInSpeech) output.withPhrase.push(input.utteranceId);
      }
      next.inSpeech = false;
      next.addressed = false;
      next.phraseInSpeech = false;
      break;
    case 'phrase_only':
      next.armedUntilMs = input.atMs + WAKE_FOLLOW_MS;
      break;
  }
  return { state: next, output };
}
