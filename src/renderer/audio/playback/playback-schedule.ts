// Gapless scheduling of streamed audio chunks as plain data: times are seconds on the
// AudioContext clock (what `AudioBufferSourceNode.start(when)` takes); heard amounts are ms.

export type ScheduledChunk = {
  runId: string;
  chunkId: string;
  /** Context time the chunk starts playing, s. */
  startS: number;
  durationS: number;
  started: boolean;
  ended: boolean;
};

export type PlaybackSchedule = {
  /** Chunks not yet played to the end, in start order. */
  chunks: ScheduledChunk[];
  /** Where the next chunk starts to follow the last one without a gap, s. */
  nextStartS: number;
  /** Audio heard of each run in chunks that are no longer in `chunks` (ended or stopped), ms. */
  heardBeforeMs: Record<string, number>;
};

export const emptySchedule = (): PlaybackSchedule => ({ chunks: [], nextStartS: 0, heardBeforeMs: {} });

/**
 * Places a chunk right after the previous one. When the queue ran dry (the next start is already
 * in the past) it starts `leadS` from now: a start time inside the quantum being rendered would
 * be clipped.
 */
export function placeChunk(
  schedule: PlaybackSchedule,
  chunk: { runId: string; chunkId: string; durationS: number },
  nowS: number,
  leadS: number,
): { schedule: PlaybackSchedule; placed: ScheduledChunk } {
  const startS = schedule.nextStartS > nowS ? schedule.nextStartS : nowS + leadS;
  const placed: ScheduledChunk = { ...chunk, startS, started: false, ended: false };
  return {
    schedule: { ...schedule, chunks: [...schedule.chunks, placed], nextStartS: startS + chunk.durationS },
    placed,
  };
}

/** How much of a chunk has played at `nowS`, ms. */
export const playedMs = (chunk: ScheduledChunk, nowS: number): number =>
  Math.min(chunk.durationS, Math.max(0, nowS - chunk.startS)) * 1000;

/** Audio of `runId` heard at `nowS`: the run's ended or stopped chunks plus what is playing, ms. */
export function heardMsAt(schedule: PlaybackSchedule, runId: string, nowS: number): number {
  let heard = schedule.heardBeforeMs[runId] ?? 0;
  for (const chunk of schedule.chunks) if (chunk.runId === runId) heard += playedMs(chunk, nowS);
  return heard;
}

/**
 * Moves the schedule to `nowS`: chunks whose start has passed are started, those whose end has
 * passed are ended and leave the queue (their audio counts as heard). Started and ended come back
 * in play order; a chunk may be both at once when the clock jumped past it.
 */
export function advance(
  schedule: PlaybackSchedule,
  nowS: number,
): {
  schedule: PlaybackSchedule;
  started: ScheduledChunk[];
  ended: ScheduledChunk[];
  /** Starts and ends together, in the order they happened. */
  transitions: { kind: 'started' | 'ended'; chunk: ScheduledChunk }[];
} {
  const started: ScheduledChunk[] = [];
  const ended: ScheduledChunk[] = [];
  const transitions: { kind: 'started' | 'ended'; chunk: ScheduledChunk }[] = [];
  const heardBeforeMs = { ...schedule.heardBeforeMs };
  const chunks: ScheduledChunk[] = [];
  for (const chunk of schedule.chunks) {
    let next = chunk;
    if (!next.started && nowS >= next.startS) {
      next = { ...next, started: true };
      started.push(next);
      transitions.push({ kind: 'started', chunk: next });
    }
    if (nowS >= next.startS + next.durationS) {
      next = { ...next, ended: true };
      ended.push(next);
      transitions.push({ kind: 'ended', chunk: next });
      heardBeforeMs[next.runId] = (heardBeforeMs[next.runId] ?? 0) + next.durationS * 1000;
      continue;
    }
    chunks.push(next);
  }
  return { schedule: { ...schedule, chunks, heardBeforeMs }, started, ended, transitions };
}

/**
 * Stops the chunks of `runId` (every run when null) at `nowS`: what they played counts as heard,
 * they leave the queue, and the next chunk starts afresh when nothing else is queued.
 */
export function stopAt(
  schedule: PlaybackSchedule,
  runId: string | null,
  nowS: number,
): { schedule: PlaybackSchedule; stopped: ScheduledChunk[] } {
  const stopped = schedule.chunks.filter((chunk) => runId === null || chunk.runId === runId);
  const kept = schedule.chunks.filter((chunk) => !stopped.includes(chunk));
  const heardBeforeMs = { ...schedule.heardBeforeMs };
  for (const chunk of stopped) heardBeforeMs[chunk.runId] = (heardBeforeMs[chunk.runId] ?? 0) + playedMs(chunk, nowS);
  const last = kept.at(-1);
  return {
    schedule: { chunks: kept, nextStartS: last ? last.startS + last.durationS : 0, heardBeforeMs },
    stopped,
  };
}

/** The chunk sounding at `nowS`, if any. */
export const playingAt = (schedule: PlaybackSchedule, nowS: number): ScheduledChunk | undefined =>
  schedule.chunks.find((chunk) => nowS >= chunk.startS && nowS < chunk.startS + chunk.durationS);

/** Context time of the next start or end still to come, s; null when the queue is empty. */
export function nextEventS(schedule: PlaybackSchedule): number | null {
  let next: number | null = null;
  for (const chunk of schedule.chunks) {
    const at = chunk.started ? chunk.startS + chunk.durationS : chunk.startS;
    if (next === null || at < next) next = at;
  }
  return next;
}

/** Forgets the heard total of a run that is over (keeps the record small across a long session). */
export function forgetRun(schedule: PlaybackSchedule, runId: string): PlaybackSchedule {
  if (!Object.hasOwn(schedule.heardBeforeMs, runId)) return schedule;
  const { [runId]: _forgotten, ...heardBeforeMs } = schedule.heardBeforeMs;
  return { ...schedule, heardBeforeMs };
}
