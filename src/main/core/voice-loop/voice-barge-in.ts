// Barge-in in two steps. Speech during a run first stops playback at once (the user hears the
// assistant go quiet) while the run keeps going; only when the speech lasts `bargeInMinSpeechMs`
// (timer) or ends longer than that is the run cancelled. Shorter speech is noise: playback resumes
// where it stopped and nothing is lost. A cancelled run is kept in `interruptedRun` until the new
// utterance proves to have words; if it has none, the answer resumes from what was not heard.

import { finishIfDone, issuePlayable, newRun, splitHeard, takeSegments } from './voice-run.ts';
import { emit, joinText, log, mintNumber, notify, type Step } from './voice-step.ts';

const hasAudio = (step: Step): boolean => {
  const run = step.state.run;
  return run !== null && (run.startedSpeaking || run.queuedChunks.length > 0);
};

/** Speech (or a key press, or typed text) during a run. `confirmNow` skips the noise check. */
export function beginBargeIn(step: Step, confirmNow: boolean): void {
  const run = step.state.run;
  if (run === null) return;
  if (step.state.bargeIn !== null) {
    if (confirmNow) confirmBargeIn(step);
    return;
  }
  if (hasAudio(step)) emit(step, { type: 'stop_playback', runId: run.id });
  if (confirmNow || step.options.bargeInMinSpeechMs <= 0) {
    confirmBargeIn(step);
    return;
  }
  const timerName = `barge_in#${mintNumber(step)}`;
  step.state.bargeIn = { runId: run.id, timerName, startedAtMs: step.atMs };
  emit(step, { type: 'set_timer', name: timerName, runId: run.id, ms: step.options.bargeInMinSpeechMs });
  log(step, 'info', 'voice.barge_in.tentative', 'speech during the answer: playback stopped', run.id);
}

/** The speech is real: cancel the run and remember what the user heard (recorded once it is not resumed). */
export function confirmBargeIn(step: Step): void {
  const run = step.state.run;
  if (run === null) return;
  step.state.bargeIn = null;
  emit(step, { type: 'cancel_run', runId: run.id });
  step.state.run = null;
  if (run.query === null) {
    // Still transcribing: the new speech replaces the utterance.
    log(step, 'info', 'voice.transcription.superseded', 'new speech before the transcript', run.id);
    return;
  }
  const { heard, heardChars } = splitHeard(step, run);
  run.heardChars = heardChars;
  const heardText = joinText(run.resumedPrefix, heard);
  run.heardText = heardText;
  step.state.interruptedRun = run;
  notify(step, { kind: 'interrupted', runId: run.id, heardText });
  log(step, 'info', 'voice.barge_in.confirmed', `heard ${heardChars} of ${run.spokenText.length} chars`, run.id);
}

/** The speech was shorter than the minimum: play on from the heard position. */
export function resumeAfterNoise(step: Step): void {
  const run = step.state.run;
  step.state.bargeIn = null;
  if (run === null) return;
  // stop_playback dropped what the player held; chunks are placed again from the heard position.
  let positionMs = 0;
  for (const segment of run.segments) {
    for (const chunk of segment.chunks) {
      const startMs = positionMs;
      positionMs += chunk.durationMs;
      if (chunk.playback !== 'queued' && chunk.playback !== 'playing') continue;
      const withinMs = run.heardMs - startMs;
      if (withinMs >= chunk.durationMs) {
        chunk.playback = 'ended';
      } else {
        chunk.playback = 'pending';
        chunk.offsetMs = Math.max(chunk.offsetMs, Math.max(0, withinMs));
      }
    }
  }
  run.queuedChunks = [];
  run.playbackActive = false;
  log(step, 'info', 'voice.barge_in.false', 'speech too short: answer resumed', run.id);
  issuePlayable(step, run);
  finishIfDone(step);
}

/**
 * The utterance after a confirmed barge-in had no words (or was too short): the answer goes on in
 * a new run. What was already received and not heard is synthesized again; if nothing had been
 * received yet, the question is asked again. Text the orchestrator never sent before the cancel is
 * lost, so such an answer's record stays marked interrupted.
 */
export function resumeInterrupted(step: Step): boolean {
  const old = step.state.interruptedRun;
  step.state.interruptedRun = null;
  if (old === null || old.query === null || step.state.run !== null) return false;
  const { heard, unheard } = splitHeard(step, old);
  const run = newRun(step);
  run.query = old.query;
  run.resumedPrefix = joinText(old.resumedPrefix, heard);
  if (unheard.length === 0 && !old.turnDone) {
    // Asked again: the new run's own turn answers it.
    emit(step, { type: 'start_turn', runId: run.id, query: old.query });
    log(step, 'info', 'voice.barge_in.resumed', 'no answer yet: turn started again', run.id);
    return true;
  }
  run.originRunId = old.originRunId ?? old.id;
  run.receivedText = unheard;
  run.pendingText = unheard;
  run.turnDone = true;
  run.answerIncomplete = !old.turnDone || old.answerIncomplete;
  takeSegments(step, run, true);
  log(step, 'info', 'voice.barge_in.resumed', `resuming ${unheard.length} unheard chars`, run.id);
  finishIfDone(step);
  return true;
}

/** The run a barge-in cut off will not resume (the new speech was real): its exchange is recorded as heard. */
export function dropInterrupted(step: Step): void {
  const old = step.state.interruptedRun;
  step.state.interruptedRun = null;
  if (old === null || old.query === null) return;
  if (!old.announcement) emit(step, { type: 'record_turn', runId: old.originRunId ?? old.id, query: old.query, heardText: old.heardText ?? '', interrupted: true });
}
