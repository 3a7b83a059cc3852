import type { z } from 'zod';
import type { TurnTakingSchema, VoiceNoticeMessage, VoicePhaseSchema } from '../../shared/voice.ts';

export type TurnTaking = z.infer<typeof TurnTakingSchema>;
export type VoicePhase = z.infer<typeof VoicePhaseSchema>;

// The voice conversation as the renderer shows it, as plain data with pure transitions: the
// host's `voice` notices in, what the voice bar and the conversation show out.

/** One spoken exchange (a run of the host's voice loop). */
export type VoiceRun = {
  runId: string;
  /** The user's words so far; final once `userFinal`. */
  userText: string;
  userFinal: boolean;
  /** Assistant text in the order shown: spoken parts appear when their audio starts playing. */
  parts: { text: string; spoken: boolean }[];
  /** Set when the user cut the answer off: the text heard up to the cut. */
  heardText: string | null;
  /** The host no longer works on this run. */
  over: boolean;
  error: string | null;
  /** The conversation turn that shows this run (a resumed answer shares its first run's). */
  turnKey: string | null;
  /** What was said could not be transcribed: the host keeps the audio for a retry. */
  transcriptionFailed?: boolean;
};

export const MAX_VOICE_RUNS = 50;

export type VoiceView = {
  phase: VoicePhase;
  /** The run the phase belongs to. */
  runId: string | null;
  /** Newest last, at most MAX_VOICE_RUNS. */
  runs: VoiceRun[];
  /** The last voice error, shown plainly until the next run starts or it is dismissed. */
  error: string | null;
  /** The mode this window asked for; null until it asks (settings hold the saved one). */
  mode: TurnTaking | null;
  /** The talk button or key is held. */
  talking: boolean;
  /** Audio is scheduled or sounding in this window. */
  playing: boolean;
  /** Why this page cannot play answers aloud (and what to do), said once until sound works; null when it can. */
  playbackProblem: string | null;
  /** The last barge-in: from the VAD's speech start to playback stopped, ms. */
  lastBargeInStopMs: number | null;
  /** Wake-word mode heard the phrase and listens for the question (until the phase moves on). */
  wakeHeard: boolean;
};

export const initialVoiceView = (): VoiceView => ({
  phase: 'idle',
  runId: null,
  runs: [],
  error: null,
  mode: null,
  talking: false,
  playing: false,
  playbackProblem: null,
  lastBargeInStopMs: null,
  wakeHeard: false,
});

export function applyVoiceNotice(view: VoiceView, notice: VoiceNoticeMessage): VoiceView {
  switch (notice.kind) {
    case 'phase': {
      // Runs other than the one in flight are over (completed, cancelled or abandoned).
      const runs = view.runs.map((run) => (run.over || run.runId === notice.runId ? run : { ...run, over: true }));
      return { ...view, phase: notice.phase, runId: notice.runId, runs, wakeHeard: view.wakeHeard && notice.phase === 'listening' };
    }
    case 'user_transcript':
      return {
        ...withRun(view, notice.runId, (run) => ({ ...run, userText: notice.text, userFinal: notice.final })),
        error: null,
      };
    case 'assistant_text':
      if (notice.text.trim().length === 0) return view;
      return withRun(view, notice.runId, (run) => ({
        ...run,
        parts: [...run.parts, { text: notice.text, spoken: notice.spoken }],
      }));
    case 'interrupted':
      return withRun(view, notice.runId, (run) => ({ ...run, heardText: notice.heardText, over: true }));
    case 'wake_heard':
      return { ...view, wakeHeard: true };
    case 'error': {
      const withError = notice.runId === null ? view : withRun(view, notice.runId, (run) => ({ ...run, error: notice.message }));
      return { ...withError, error: notice.message };
    }
    // Shown in the transcript, with Retry, not as an alert.
    case 'transcription_failed':
      return withRun(view, notice.runId, (run) => ({ ...run, error: notice.message, over: true, transcriptionFailed: true }));
  }
}

function withRun(view: VoiceView, runId: string, change: (run: VoiceRun) => VoiceRun): VoiceView {
  const known = view.runs.find((run) => run.runId === runId);
  if (known) return { ...view, runs: view.runs.map((run) => (run === known ? change(run) : run)) };
  const fresh: VoiceRun = { runId, userText: '', userFinal: false, parts: [], heardText: null, over: false, error: null, turnKey: null };
  return { ...view, runs: [...view.runs, change(fresh)].slice(-MAX_VOICE_RUNS) };
}

export const findVoiceRun = (view: VoiceView, runId: string | null): VoiceRun | undefined =>
  runId === null ? undefined : view.runs.find((run) => run.runId === runId);

/** The assistant's words as shown: the parts joined by single spaces. */
export const shownAnswer = (run: VoiceRun): string =>
  run.parts
    .map((part) => part.text.trim())
    .filter((text) => text.length > 0)
    .join(' ');

/**
 * An interrupted answer split where it was cut: what the user heard and what was shown (its audio
 * had started) but not heard. Null when the answer was not interrupted.
 */
export function cutAnswer(run: VoiceRun): { heard: string; unheard: string } | null {
  if (run.heardText === null) return null;
  const shown = shownAnswer(run);
  const heard = run.heardText.trim();
  if (shown.startsWith(heard)) return { heard, unheard: shown.slice(heard.length).trim() };
  return { heard, unheard: '' };
}

const PHASE_LABELS: Record<VoicePhase, string> = {
  idle: 'Idle',
  listening: 'Listening…',
  transcribing: 'Transcribing…',
  thinking: 'Thinking…',
  speaking: 'Speaking…',
  interrupted: 'Interrupted',
};

export const phaseLabel = (phase: VoicePhase): string => PHASE_LABELS[phase];
