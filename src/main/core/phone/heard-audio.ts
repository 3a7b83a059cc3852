// What a caller actually heard of an answer, from the marks the carrier acknowledged: a mark comes
// back when the audio queued before it has played. After a `clear`, the carrier also returns the
// marks of audio it dropped, so only marks that came back before the clear count as played. The
// chunk playing when the clear went out counts for the time it had been playing (it starts when the
// chunk before it was acknowledged, or when its first frame was sent, whichever is later).
// Times are ms on one clock; durations in ms of audio.

export interface SentChunk {
  chunkId: string;
  durationMs: number;
  /** When its first frame went to the carrier. */
  firstSentAtMs: number;
  /** When its mark came back (before any clear); null while unplayed. */
  playedAtMs: number | null;
}

export interface HeardAudio {
  chunks: SentChunk[];
  /** When a clear went out; marks after it are the carrier giving back dropped audio. */
  clearedAtMs: number | null;
}

export const initialHeardAudio = (): HeardAudio => ({ chunks: [], clearedAtMs: null });

export function chunkSent(state: HeardAudio, chunkId: string, durationMs: number, atMs: number): HeardAudio {
  if (state.clearedAtMs !== null || state.chunks.some((chunk) => chunk.chunkId === chunkId)) return state;
  return { ...state, chunks: [...state.chunks, { chunkId, durationMs, firstSentAtMs: atMs, playedAtMs: null }] };
}

/** A mark came back: that chunk (and so every one before it) has played, unless a clear went first. Returns whether it counted. */
export function markReturned(state: HeardAudio, chunkId: string, atMs: number): { state: HeardAudio; played: boolean } {
  if (state.clearedAtMs !== null) return { state, played: false };
  const index = state.chunks.findIndex((chunk) => chunk.chunkId === chunkId);
  if (index < 0) return { state, played: false };
  const chunks = state.chunks.map((chunk, position) => (position <= index && chunk.playedAtMs === null ? { ...chunk, playedAtMs: atMs } : chunk));
  return { state: { ...state, chunks }, played: true };
}

export const cleared = (state: HeardAudio, atMs: number): HeardAudio => (state.clearedAtMs === null ? { ...state, clearedAtMs: atMs } : state);

/** Audio heard so far (or up to the clear), ms. */
export function heardMs(state: HeardAudio, nowMs: number): number {
  const until = state.clearedAtMs ?? nowMs;
  let heard = 0;
  let previousPlayedAt: number | null = null;
  for (const chunk of state.chunks) {
    if (chunk.playedAtMs !== null) {
      heard += chunk.durationMs;
      previousPlayedAt = chunk.playedAtMs;
      continue;
    }
    // The first unplayed chunk is the one playing now (or waiting in the carrier's buffer).
    const startedAt = Math.max(previousPlayedAt ?? chunk.firstSentAtMs, chunk.firstSentAtMs);
    heard += Math.min(chunk.durationMs, Math.max(0, until - startedAt));
    break;
  }
  return heard;
}

/** The chunks whose marks came back (before the clear), in order. */
export const playedChunks = (state: HeardAudio): string[] => state.chunks.filter((chunk) => chunk.playedAtMs !== null).map((chunk) => chunk.chunkId);
