// The voice loop as a pure function: (state, event) -> (state, commands). No I/O, no clock (time
// comes from the events), ids minted from `state.nextId`. Events of any run other than the
// current one are stale and dropped. The phase is derived from the state after every event.

import { beginBargeIn, confirmBargeIn, dropInterrupted, resumeAfterNoise, resumeInterrupted } from './voice-barge-in.ts';
import { onError, onTimer } from './voice-faults.ts';
import { defaultVoiceReducerOptions, type VoiceReducerOptions } from './voice-options.ts';
import { announceNext, finishIfDone, issuePlayable, newRun, progress, showInOrder, splitHeard, startTurn, takeSegments } from './voice-run.ts';
import { derivePhase, emit, hasWords, log, notify, type Step } from './voice-step.ts';
import type { Reduction, Run, TurnTaking, VoiceEvent, VoiceState } from './voice-types.ts';

export { defaultVoiceReducerOptions, type VoiceReducerOptions } from './voice-options.ts';

export function initialVoiceState(mode: TurnTaking): VoiceState {
  return {
    phase: mode === 'push_to_talk' ? 'idle' : 'listening',
    mode,
    run: null,
    interruptedRun: null,
    bargeIn: null,
    talkHeld: false,
    nextId: 1,
    announcements: [],
  };
}

type EventOf<T extends VoiceEvent['type']> = Extract<VoiceEvent, { type: T }>;

/** Reduces one event. `state` is not modified. */
export function reduce(state: VoiceState, event: VoiceEvent, options: VoiceReducerOptions = defaultVoiceReducerOptions): Reduction {
  const step: Step = { state: structuredClone(state), commands: [], options, atMs: event.atMs };
  if (isStale(step, event)) {
    log(step, 'debug', 'voice.event.stale', `${event.type} of a superseded run dropped`, 'runId' in event ? event.runId : null);
    return { state: step.state, commands: step.commands };
  }
  handle(step, event);
  const phase = derivePhase(step.state);
  if (phase !== step.state.phase) {
    step.state.phase = phase;
    notify(step, { kind: 'phase', phase, runId: step.state.run?.id ?? null });
  }
  return { state: step.state, commands: step.commands };
}

/** Binds options once: `const reducer = createVoiceReducer({ ... }); reducer(state, event)`. */
export function createVoiceReducer(overrides: Partial<VoiceReducerOptions> = {}): (state: VoiceState, event: VoiceEvent) => Reduction {
  const options = { ...defaultVoiceReducerOptions, ...overrides };
  return (state, event) => reduce(state, event, options);
}

function isStale(step: Step, event: VoiceEvent): boolean {
  if (!('runId' in event) || event.runId === null) return false;
  return event.runId !== step.state.run?.id;
}

function handle(step: Step, event: VoiceEvent): void {
  switch (event.type) {
    case 'speech_started': return onSpeechStarted(step);
    case 'speech_ended': return onSpeechEnded(step, event);
    case 'talk_pressed': return onTalkPressed(step);
    case 'talk_released': return onTalkReleased(step, event);
    case 'text_input': return onTextInput(step, event);
    case 'announce': return onAnnounce(step, event);
    case 'stop': return onStop(step);
    case 'retry_transcription': return onRetryTranscription(step, event);
    case 'mode_changed': return onModeChanged(step, event);
    case 'hang_up': return onHangUp(step);
    case 'stt_partial': return onSttPartial(step, event);
    case 'stt_final': return onSttFinal(step, event);
    case 'turn_chunk': return onTurnChunk(step, event);
    case 'tool_started': return onToolStarted(step, event);
    case 'tool_finished': return onToolFinished(step, event);
    case 'tts_chunk': return onTtsChunk(step, event);
    case 'tts_done': return onTtsDone(step, event);
    case 'playback_started': return onPlaybackStarted(step, event);
    case 'playback_progress': return onPlaybackProgress(step, event);
    case 'playback_ended': return onPlaybackEnded(step, event);
    case 'timer': return onTimer(step, event);
    case 'error': return onError(step, event);
  }
}

// ---- Turn-taking ---------------------------------------------------------------------------------

function onSpeechStarted(step: Step): void {
  if (step.state.mode === 'push_to_talk') {
    log(step, 'debug', 'voice.ptt.speech_ignored', 'push-to-talk: the key takes turns');
    return;
  }
  if (step.state.run !== null) beginBargeIn(step, false);
}

function startUtterance(step: Step, utteranceId: string): void {
  const run = newRun(step);
  emit(step, { type: 'transcribe', runId: run.id, utteranceId });
}

function onSpeechEnded(step: Step, event: EventOf<'speech_ended'>): void {
  const { state, options } = step;
  if (state.mode === 'push_to_talk') return;
  if (state.bargeIn !== null) {
    if (event.durationMs < options.bargeInMinSpeechMs) {
      resumeAfterNoise(step);
      return;
    }
    confirmBargeIn(step);
  } else if (event.durationMs < options.minUtteranceMs) {
    log(step, 'debug', 'voice.speech.too_short', `${event.durationMs} ms of speech ignored`);
    resumeInterrupted(step);
    return;
  } else if (state.run !== null) {
    // The speech start was missed (or came while transcribing with no minimum): a barge-in now.
    beginBargeIn(step, true);
  }
  startUtterance(step, event.utteranceId);
}

function onTalkPressed(step: Step): void {
  if (step.state.mode !== 'push_to_talk') {
    log(step, 'debug', 'voice.talk.ignored', 'hands-free: the key is not used');
    return;
  }
  step.state.talkHeld = true;
  // Pressing the key is deliberate: the run is cancelled at once.
  if (step.state.run !== null) beginBargeIn(step, true);
}

function onTalkReleased(step: Step, event: EventOf<'talk_released'>): void {
  if (step.state.mode !== 'push_to_talk' || !step.state.talkHeld) return;
  step.state.talkHeld = false;
  if (event.durationMs < step.options.minUtteranceMs) {
    log(step, 'debug', 'voice.talk.too_short', `${event.durationMs} ms key press ignored`);
    resumeInterrupted(step);
    return;
  }
  startUtterance(step, event.utteranceId);
}

function onTextInput(step: Step, event: EventOf<'text_input'>): void {
  const text = event.text.trim();
  if (!hasWords(text)) return;
  if (step.state.run !== null) beginBargeIn(step, true);
  dropInterrupted(step);
  const run = newRun(step);
  notify(step, { kind: 'user_transcript', runId: run.id, text, final: true });
  startTurn(step, run, text);
}

function onAnnounce(step: Step, event: EventOf<'announce'>): void {
  const text = event.text.trim();
  if (!hasWords(text)) return;
  const urgent = event.urgent ?? false;
  const { state } = step;
  if (!urgent) {
    state.announcements.push({ text, urgent });
    announceNext(step);
    return;
  }
  // Before every ordinary announcement, after the urgent ones already waiting.
  const firstOrdinary = state.announcements.findIndex((waiting) => !waiting.urgent);
  state.announcements.splice(firstOrdinary === -1 ? state.announcements.length : firstOrdinary, 0, { text, urgent });
  const run = state.run;
  // Cut off an answer, never the user: not while they talk or are being transcribed, nor another urgent announcement.
  const userHasTheFloor = state.talkHeld || state.bargeIn !== null || (run !== null && run.query === null);
  if (run !== null && !run.urgent && !userHasTheFloor) {
    beginBargeIn(step, true);
    log(step, 'info', 'voice.announcement.cut_in', 'an urgent announcement cut off the answer', run.id);
  }
  if (!userHasTheFloor) dropInterrupted(step);
  announceNext(step);
}

function onRetryTranscription(step: Step, event: EventOf<'retry_transcription'>): void {
  const { state } = step;
  // The user is talking: their new words come first.
  if (state.talkHeld || state.bargeIn !== null) {
    log(step, 'info', 'voice.retry.ignored', 'retry asked while the user talks');
    return;
  }
  if (state.run !== null) beginBargeIn(step, true);
  dropInterrupted(step);
  startUtterance(step, event.utteranceId);
  log(step, 'info', 'voice.retry', 'transcribing the kept audio again', state.run?.id ?? null);
}

function onStop(step: Step): void {
  const { state } = step;
  if (state.run !== null) {
    log(step, 'info', 'voice.stopped', 'cut off: the user moved on', state.run.id);
    beginBargeIn(step, true);
  }
  dropInterrupted(step);
  state.announcements = state.announcements.filter((waiting) => waiting.urgent);
  announceNext(step);
}

function onHangUp(step: Step): void {
  // Cut off at once, as a deliberate barge-in, then recorded: no next turn will come to do it.
  if (step.state.run !== null) beginBargeIn(step, true);
  dropInterrupted(step);
  step.state.announcements = [];
  log(step, 'info', 'voice.hung_up', 'the line went away');
}

function onModeChanged(step: Step, event: EventOf<'mode_changed'>): void {
  if (step.state.mode === event.mode) return;
  step.state.mode = event.mode;
  step.state.talkHeld = false;
  if (step.state.bargeIn !== null) resumeAfterNoise(step);
  log(step, 'info', 'voice.mode.changed', event.mode);
}

// ---- Transcripts and the orchestrator ------------------------------------------------------------

/** The current run; events reaching a handler belong to it (stale ones were dropped). */
const currentRun = (step: Step): Run => step.state.run!;

function onSttPartial(step: Step, event: EventOf<'stt_partial'>): void {
  const run = currentRun(step);
  if (run.query !== null) return;
  progress(step, run);
  notify(step, { kind: 'user_transcript', runId: run.id, text: event.text, final: false });
}

function onSttFinal(step: Step, event: EventOf<'stt_final'>): void {
  const run = currentRun(step);
  if (run.query !== null) return;
  const text = event.text.trim();
  if (!hasWords(text)) {
    log(step, 'info', 'voice.stt.empty', 'transcript without words', run.id);
    step.state.run = null;
    resumeInterrupted(step);
    return;
  }
  dropInterrupted(step);
  notify(step, { kind: 'user_transcript', runId: run.id, text, final: true });
  startTurn(step, run, text);
}

function onTurnChunk(step: Step, event: EventOf<'turn_chunk'>): void {
  const run = currentRun(step);
  if (run.query === null || run.turnDone) return;
  run.receivedText += event.text;
  run.pendingText += event.text;
  if (event.final) run.turnDone = true;
  takeSegments(step, run, event.final);
  progress(step, run);
  issuePlayable(step, run);
  finishIfDone(step);
}

function onToolStarted(step: Step, event: EventOf<'tool_started'>): void {
  const run = currentRun(step);
  if (run.query === null || run.turnDone) return;
  // What was said before the call is spoken now, while the tool runs.
  takeSegments(step, run, true);
  // Text after the call is a new sentence even when the model does not start it with a space.
  if (run.receivedText.length > 0) run.receivedText = `${run.receivedText.trimEnd()} `;
  run.pendingToolCalls.push(event.callId);
  progress(step, run);
  log(step, 'info', 'voice.tool.call', `tool ${event.name}`, run.id);
}

function onToolFinished(step: Step, event: EventOf<'tool_finished'>): void {
  const run = currentRun(step);
  if (!run.pendingToolCalls.includes(event.callId)) {
    log(step, 'debug', 'voice.tool.unexpected_result', `result for unknown call ${event.callId}`, run.id);
    return;
  }
  run.pendingToolCalls = run.pendingToolCalls.filter((callId) => callId !== event.callId);
  progress(step, run);
  if (!event.ok) log(step, 'info', 'voice.tool.failed', `tool call ${event.callId} failed; the model is told`, run.id);
}

// ---- Audio ---------------------------------------------------------------------------------------

const findChunk = (run: Run, chunkId: string) => {
  for (const segment of run.segments) {
    const chunk = segment.chunks.find((candidate) => candidate.id === chunkId);
    if (chunk !== undefined) return { segment, chunk };
  }
  return undefined;
};

function onTtsChunk(step: Step, event: EventOf<'tts_chunk'>): void {
  const run = currentRun(step);
  const segment = run.segments.find((candidate) => candidate.id === event.segmentId);
  if (segment === undefined || segment.ttsDone || findChunk(run, event.chunkId) !== undefined) return;
  segment.chunks.push({ id: event.chunkId, durationMs: Math.max(0, event.durationMs), playback: 'pending', offsetMs: 0 });
  progress(step, run);
  issuePlayable(step, run);
}

function onTtsDone(step: Step, event: EventOf<'tts_done'>): void {
  const run = currentRun(step);
  const segment = run.segments.find((candidate) => candidate.id === event.segmentId);
  if (segment === undefined || segment.ttsDone) return;
  segment.ttsDone = true;
  // No audio at all for a segment: it is shown as text.
  if (segment.chunks.length === 0) segment.failed = true;
  run.synthesisPending = Math.max(0, run.synthesisPending - 1);
  progress(step, run);
  issuePlayable(step, run);
  showInOrder(step, run);
  finishIfDone(step);
}

function markStarted(step: Step, run: Run, chunkId: string): void {
  const found = findChunk(run, chunkId);
  if (found === undefined || found.chunk.playback !== 'queued') return;
  found.chunk.playback = 'playing';
  run.startedSpeaking = true;
  run.playbackActive = true;
  showInOrder(step, run);
}

function onPlaybackStarted(step: Step, event: EventOf<'playback_started'>): void {
  const run = currentRun(step);
  // After stop_playback (a possible barge-in) the player's reports describe audio already dropped.
  if (step.state.bargeIn !== null) return;
  markStarted(step, run, event.chunkId);
  progress(step, run);
}

function onPlaybackProgress(step: Step, event: EventOf<'playback_progress'>): void {
  const run = currentRun(step);
  run.heardMs = Math.max(run.heardMs, event.heardMs);
  run.heardChars = splitHeard(step, run).heardChars;
  progress(step, run);
}

function onPlaybackEnded(step: Step, event: EventOf<'playback_ended'>): void {
  const run = currentRun(step);
  if (step.state.bargeIn !== null) return;
  markStarted(step, run, event.chunkId);
  const found = findChunk(run, event.chunkId);
  if (found === undefined || found.chunk.playback !== 'playing') return;
  found.chunk.playback = 'ended';
  run.queuedChunks = run.queuedChunks.filter((chunkId) => chunkId !== event.chunkId);
  run.playbackActive = run.segments.some((segment) => segment.chunks.some((chunk) => chunk.playback === 'playing'));
  // Everything up to the end of this chunk has been heard.
  let endMs = 0;
  for (const segment of run.segments) {
    for (const chunk of segment.chunks) {
      endMs += chunk.durationMs;
      if (chunk === found.chunk) run.heardMs = Math.max(run.heardMs, endMs);
    }
  }
  run.heardChars = splitHeard(step, run).heardChars;
  progress(step, run);
  issuePlayable(step, run);
  finishIfDone(step);
}
