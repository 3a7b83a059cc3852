import type { VoiceReducerOptions } from './voice-options.ts';
import type { Run, VoiceCommand, VoiceNotice, VoicePhase, VoiceState } from './voice-types.ts';

/** The working copy one event is reduced on: handlers mutate `state` (a clone) and append commands. */
export interface Step {
  state: VoiceState;
  commands: VoiceCommand[];
  options: VoiceReducerOptions;
  atMs: number;
}

export const emit = (step: Step, command: VoiceCommand): void => {
  step.commands.push(command);
};

export const notify = (step: Step, notice: VoiceNotice): void => emit(step, { type: 'notify', notice });

export const log = (
  step: Step,
  level: 'debug' | 'info' | 'warn' | 'error',
  code: string,
  message: string,
  runId: string | null = step.state.run?.id ?? null,
): void => emit(step, { type: 'log', level, code, message, runId });

export const mintNumber = (step: Step): number => {
  const value = step.state.nextId;
  step.state.nextId += 1;
  return value;
};

export const hasWords = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);

export const joinText = (...parts: string[]): string =>
  parts
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join(' ');

export const audioOutstanding = (run: Run): boolean =>
  run.segments.some((segment) => !segment.ttsDone || segment.chunks.some((chunk) => chunk.playback !== 'ended'));

/** Phase when no run is in flight: the microphone is open in hands-free or while the key is held. */
export const restPhase = (state: VoiceState): VoicePhase =>
  state.mode !== 'push_to_talk' || state.talkHeld ? 'listening' : 'idle';

/** The phase follows from the state; the reducer never sets it by hand. */
export function derivePhase(state: VoiceState): VoicePhase {
  const run = state.run;
  if (run === null) return restPhase(state);
  if (state.bargeIn !== null) return 'interrupted';
  if (run.query === null) return 'transcribing';
  const audioQueued = run.segments.some((segment) => segment.chunks.some((chunk) => chunk.playback === 'queued' || chunk.playback === 'playing'));
  if (run.pendingToolCalls.length > 0 && !audioQueued) return 'thinking';
  return run.startedSpeaking ? 'speaking' : 'thinking';
}
