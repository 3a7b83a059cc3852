// Errors and timers: every failure ends in a notice and a usable state, never a stuck phase.

import { confirmBargeIn, dropInterrupted } from './voice-barge-in.ts';
import { abandonRun, addSegment, armGuard, failPlayback, failSegment, finishIfDone, guardBudget, issuePlayable, progress, showInOrder, takeSegments, type Wait } from './voice-run.ts';
import { emit, log, notify, type Step } from './voice-step.ts';
import type { VoiceEvent } from './voice-types.ts';

type ErrorEvent = Extract<VoiceEvent, { type: 'error' }>;
type TimerEvent = Extract<VoiceEvent, { type: 'timer' }>;

export function onError(step: Step, event: ErrorEvent): void {
  const run = step.state.run;
  const code = `voice.${event.source}.error`;
  if (run === null || event.source === 'vad') {
    notify(step, { kind: 'error', runId: event.runId, message: event.message });
    log(step, 'warn', code, `${event.source} error (retryable: ${event.retryable})`, event.runId);
    return;
  }
  log(step, 'warn', code, `${event.source} error (retryable: ${event.retryable})`, run.id);
  switch (event.source) {
    case 'stt': {
      if (run.query !== null) return;
      notify(step, { kind: 'transcription_failed', runId: run.id, message: event.message, reason: event.noRecognizer ? 'no_recognizer' : 'failed' });
      step.state.run = null;
      dropInterrupted(step);
      return;
    }
    case 'turn': {
      if (run.turnDone) return;
      notify(step, { kind: 'error', runId: run.id, message: event.message });
      run.turnDone = true;
      run.turnFailed = true;
      run.pendingToolCalls = [];
      takeSegments(step, run, true);
      if (run.segments.length === 0 && step.options.apologyText.length > 0) addSegment(step, run, step.options.apologyText);
      break;
    }
    case 'tts': {
      const segment = run.segments.find((candidate) => candidate.id === event.segmentId) ?? run.segments.find((candidate) => !candidate.ttsDone);
      failSegment(step, run, segment, event.message);
      break;
    }
    case 'playback': {
      emit(step, { type: 'stop_playback', runId: run.id });
      failPlayback(step, run, event.message);
      break;
    }
  }
  progress(step, run);
  issuePlayable(step, run);
  showInOrder(step, run);
  finishIfDone(step);
}

const TIMEOUT_MESSAGES: Record<Wait, string> = {
  stt: 'Transcription timed out.',
  tool: 'A tool took too long to answer.',
  turn: 'The answer took too long.',
  // Said where a person reads it: in a window (a call has no screen and never reaches this text).
  audio: 'The audio player stopped reporting what it played, so the rest of the answer is shown as text. If this repeats, reload the page.',
};

export function onTimer(step: Step, event: TimerEvent): void {
  const { bargeIn, run } = step.state;
  if (bargeIn !== null && event.name === bargeIn.timerName && event.runId === bargeIn.runId) {
    // Still speaking after the minimum: a real barge-in.
    confirmBargeIn(step);
    return;
  }
  if (event.name !== 'guard' || run === null || event.runId !== run.id) {
    log(step, 'debug', 'voice.timer.stale', `timer ${event.name} ignored`, event.runId);
    return;
  }
  const budget = guardBudget(step, run);
  const silentMs = event.atMs - run.lastProgressAtMs;
  if (bargeIn !== null || silentMs < budget.ms) {
    armGuard(step, run, bargeIn !== null ? budget.ms : budget.ms - silentMs);
    return;
  }
  if (budget.wait === 'stt') {
    emit(step, { type: 'cancel_run', runId: run.id });
    notify(step, { kind: 'transcription_failed', runId: run.id, message: TIMEOUT_MESSAGES.stt, reason: 'timed_out' });
    log(step, 'warn', 'voice.stt.timeout', `no transcript after ${silentMs} ms`, run.id);
    step.state.run = null;
    dropInterrupted(step);
    return;
  }
  abandonRun(step, run, `voice.${budget.wait}.timeout`, TIMEOUT_MESSAGES[budget.wait]);
}
