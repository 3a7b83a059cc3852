import { takeSpeakableChunks } from './sentence-chunker.ts';
import { audioOutstanding, emit, joinText, log, mintNumber, notify, type Step } from './voice-step.ts';
import type { Announcement, Run, Segment } from './voice-types.ts';

export function newRun(step: Step): Run {
  const run: Run = {
    id: `run-${mintNumber(step)}`,
    query: null,
    pendingText: '',
    segments: [],
    queuedChunks: [],
    heardChars: 0,
    spokenText: '',
    turnDone: false,
    synthesisPending: 0,
    playbackActive: false,
    pendingToolCalls: [],
    receivedText: '',
    heardMs: 0,
    startedSpeaking: false,
    audioFailed: false,
    turnFailed: false,
    originRunId: null,
    heardText: null,
    resumedPrefix: '',
    answerIncomplete: false,
    lastProgressAtMs: step.atMs,
    announcement: false,
    urgent: false,
  };
  step.state.run = run;
  armGuard(step, run);
  return run;
}

export const progress = (step: Step, run: Run): void => {
  run.lastProgressAtMs = step.atMs;
};

/** Sends the query to the orchestrator. */
export function startTurn(step: Step, run: Run, query: string): void {
  run.query = query;
  emit(step, { type: 'start_turn', runId: run.id, query });
  progress(step, run);
  log(step, 'info', 'voice.turn.started', `query of ${query.length} chars`, run.id);
}

// ---- Guard timer ---------------------------------------------------------------------------------
// One timer per run, named "guard". It is set once and, when it fires, measures the silence since
// the run's last progress against what the run is waiting for; if time is left it is set again.

const remainingAudioMs = (run: Run): number =>
  run.segments.reduce(
    (sum, segment) =>
      sum + segment.chunks.reduce((chunkSum, chunk) => chunkSum + (chunk.playback === 'ended' ? 0 : chunk.durationMs - chunk.offsetMs), 0),
    0,
  );

export type Wait = 'stt' | 'tool' | 'turn' | 'audio';

/** What the run waits for (most specific first) and how long it may stay silent doing so. */
export function guardBudget(step: Step, run: Run): { wait: Wait; ms: number } {
  const options = step.options;
  if (run.query === null) return { wait: 'stt', ms: options.sttTimeoutMs };
  const audioMs = audioOutstanding(run) ? options.audioTimeoutMs + remainingAudioMs(run) : 0;
  if (run.pendingToolCalls.length > 0) return { wait: 'tool', ms: Math.max(options.toolTimeoutMs, audioMs) };
  if (!run.turnDone) return { wait: 'turn', ms: Math.max(options.turnTimeoutMs, audioMs) };
  return { wait: 'audio', ms: Math.max(options.audioTimeoutMs, audioMs) };
}

export function armGuard(step: Step, run: Run, ms = guardBudget(step, run).ms): void {
  emit(step, { type: 'set_timer', name: 'guard', runId: run.id, ms });
}

// ---- Text to segments ----------------------------------------------------------------------------

const runNumber = (run: Run): string => run.id.replace(/^run-/, '');

export function addSegment(step: Step, run: Run, text: string): Segment {
  const segment: Segment = {
    id: `seg-${runNumber(run)}-${run.segments.length + 1}`,
    text,
    chunks: [],
    ttsDone: false,
    failed: false,
    shown: false,
  };
  run.segments.push(segment);
  run.spokenText = joinText(run.spokenText, text);
  if (run.audioFailed) {
    // Audio already failed in this run: the rest is shown as text only.
    segment.ttsDone = true;
    segment.failed = true;
  } else {
    run.synthesisPending += 1;
    emit(step, { type: 'synthesize', runId: run.id, segmentId: segment.id, text });
  }
  return segment;
}

/** Moves every chunk the chunker can decide from `pendingText` into segments. */
export function takeSegments(step: Step, run: Run, final: boolean): void {
  const out = takeSpeakableChunks(run.pendingText, { first: run.segments.length === 0, final }, step.options.chunker);
  run.pendingText = out.rest;
  for (const chunk of out.chunks) addSegment(step, run, chunk);
}

// ---- Playback order and display ------------------------------------------------------------------

/** Sends `play` for ready chunks in segment order; a segment still synthesizing blocks later ones. */
export function issuePlayable(step: Step, run: Run): void {
  if (step.state.bargeIn !== null) return;
  for (const segment of run.segments) {
    for (const chunk of segment.chunks) {
      if (chunk.playback !== 'pending') continue;
      chunk.playback = 'queued';
      run.queuedChunks.push(chunk.id);
      emit(step, chunk.offsetMs > 0
        ? { type: 'play', runId: run.id, chunkId: chunk.id, offsetMs: chunk.offsetMs }
        : { type: 'play', runId: run.id, chunkId: chunk.id });
    }
    if (!segment.ttsDone) return;
  }
}

/** Shows segment texts in order: when their audio starts, or as text only when they have none. */
export function showInOrder(step: Step, run: Run): void {
  for (const segment of run.segments) {
    if (segment.shown) continue;
    const heard = segment.chunks.some((chunk) => chunk.playback === 'playing' || chunk.playback === 'ended');
    const willPlay = segment.chunks.some((chunk) => chunk.playback === 'queued' || chunk.playback === 'pending');
    if (heard) {
      notify(step, { kind: 'assistant_text', runId: run.id, text: segment.text, spoken: true });
    } else if (segment.ttsDone && !willPlay) {
      notify(step, { kind: 'assistant_text', runId: run.id, text: segment.text, spoken: false });
    } else {
      return;
    }
    segment.shown = true;
  }
}

/** Shows what has not been shown yet (segments and unchunked text) as text only. */
export function showRemainingAsText(step: Step, run: Run): void {
  for (const segment of run.segments) {
    if (segment.shown) continue;
    segment.shown = true;
    notify(step, { kind: 'assistant_text', runId: run.id, text: segment.text, spoken: false });
  }
  const rest = run.pendingText.trim();
  if (rest.length > 0) notify(step, { kind: 'assistant_text', runId: run.id, text: rest, spoken: false });
}

/** TTS failed for one segment: audio it already has still plays; later segments are text only. */
export function failSegment(step: Step, run: Run, segment: Segment | undefined, message: string): void {
  if (!run.audioFailed) notify(step, { kind: 'error', runId: run.id, message });
  run.audioFailed = true;
  if (segment === undefined || segment.ttsDone) return;
  segment.ttsDone = true;
  segment.failed = true;
  run.synthesisPending = Math.max(0, run.synthesisPending - 1);
}

/** Playback failed: nothing more is played in this run; what was not heard is shown as text. */
export function failPlayback(step: Step, run: Run, message: string): void {
  if (!run.audioFailed) notify(step, { kind: 'error', runId: run.id, message });
  run.audioFailed = true;
  for (const segment of run.segments) {
    segment.chunks = segment.chunks.filter((chunk) => chunk.playback !== 'pending');
    for (const chunk of segment.chunks) chunk.playback = 'ended';
    if (!segment.ttsDone) {
      segment.ttsDone = true;
      segment.failed = true;
    }
  }
  run.queuedChunks = [];
  run.playbackActive = false;
  run.synthesisPending = 0;
}

// ---- What was heard ------------------------------------------------------------------------------

/** Cuts `text` to at most `chars` characters without ending inside a word. */
function cutAtWord(text: string, chars: number): string {
  if (chars >= text.length) return text;
  if (chars <= 0) return '';
  if (/\s/.test(text[chars]!)) return text.slice(0, chars).trim();
  const lastSpace = text.slice(0, chars).search(/\s\S*$/);
  return lastSpace > 0 ? text.slice(0, lastSpace).trim() : '';
}

/**
 * Splits the run's text into what the user heard and the rest. Approximation: inside a segment,
 * characters are spread evenly over its audio, so `heardMs` maps to characters in proportion to
 * the segment's total chunk duration (while a segment is still synthesizing, its duration is
 * estimated from its length at `estimatedMsPerChar`), cut back to a word boundary. Segments with no
 * audio count as heard when they come before the heard position (they were shown as text).
 */
export function splitHeard(step: Step, run: Run): { heard: string; unheard: string; heardChars: number } {
  let remaining = run.heardMs;
  const heard: string[] = [];
  const unheard: string[] = [];
  for (const segment of run.segments) {
    const knownMs = segment.chunks.reduce((sum, chunk) => sum + chunk.durationMs, 0);
    if (remaining <= 0 || (knownMs === 0 && !segment.ttsDone)) {
      unheard.push(segment.text);
      remaining = 0;
      continue;
    }
    if (knownMs === 0) {
      heard.push(segment.text);
      continue;
    }
    const totalMs = segment.ttsDone ? knownMs : Math.max(knownMs, segment.text.length * step.options.estimatedMsPerChar);
    if (remaining >= totalMs) {
      heard.push(segment.text);
      remaining -= totalMs;
      continue;
    }
    const part = cutAtWord(segment.text, Math.floor((segment.text.length * remaining) / totalMs));
    heard.push(part);
    unheard.push(segment.text.slice(part.length));
    remaining = 0;
  }
  const heardText = joinText(...heard);
  return { heard: heardText, unheard: joinText(...unheard, run.pendingText), heardChars: heardText.length };
}

// ---- Completion ----------------------------------------------------------------------------------

/** Ends the run once the turn is over, every segment synthesized and all audio played. */
export function finishIfDone(step: Step): void {
  const run = step.state.run;
  if (run === null || step.state.bargeIn !== null || run.query === null) return;
  if (!run.turnDone || run.pendingToolCalls.length > 0 || run.pendingText.trim().length > 0) return;
  if (audioOutstanding(run)) return;
  showRemainingAsText(step, run);
  const text = joinText(run.resumedPrefix, run.receivedText.trim() || run.spokenText);
  if (!run.announcement) emit(step, { type: 'record_turn', runId: run.originRunId ?? run.id, query: run.query, heardText: text, interrupted: run.answerIncomplete });
  log(step, 'info', 'voice.run.completed', `answer of ${text.length} chars in ${run.segments.length} segments`, run.id);
  step.state.run = null;
  announceNext(step);
}

/** Says `text` now, as a run with no question whose whole answer is known. */
export function startAnnouncement(step: Step, { text, urgent }: Announcement): void {
  const run = newRun(step);
  run.announcement = true;
  run.urgent = urgent;
  run.query = text;
  run.receivedText = text;
  run.pendingText = text;
  run.turnDone = true;
  takeSegments(step, run, true);
  issuePlayable(step, run);
  log(step, 'info', 'voice.announcement.started', `announcement of ${text.length} chars`, run.id);
}

/** The next queued announcement, once nobody is talking and no run is going on. */
export function announceNext(step: Step): void {
  const { state } = step;
  if (state.run !== null || state.interruptedRun !== null || state.bargeIn !== null || state.talkHeld) return;
  const next = state.announcements.shift();
  if (next !== undefined) startAnnouncement(step, next);
}

/** Gives up on the run (a hang): cancels it, shows its text, records it, reports why. */
export function abandonRun(step: Step, run: Run, code: string, message: string): void {
  emit(step, { type: 'cancel_run', runId: run.id });
  if (run.queuedChunks.length > 0 || run.startedSpeaking) emit(step, { type: 'stop_playback', runId: run.id });
  if (run.query !== null && !run.announcement) {
    showRemainingAsText(step, run);
    const text = joinText(run.resumedPrefix, run.receivedText.trim() || run.spokenText);
    emit(step, { type: 'record_turn', runId: run.originRunId ?? run.id, query: run.query, heardText: text, interrupted: !run.turnDone || run.answerIncomplete });
  }
  notify(step, { kind: 'error', runId: run.id, message });
  log(step, 'warn', code, message, run.id);
  step.state.run = null;
  step.state.bargeIn = null;
  announceNext(step);
}
