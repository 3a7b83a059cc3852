// Sends a call's outbound audio in 20 ms frames at the pace it plays, on a schedule that does not
// drift (frame n goes at start + n x 20 ms, however late the timer fired for the one before), so
// the carrier's buffer holds little and a barge-in's `clear` has little to drop. The first few
// frames of an answer go at once: the carrier then has that much in hand, and a frame late by less
// (a busy moment in the host) is not heard as a gap. A mark goes out right after the frame it
// follows. Time and timers are injected.

export const FRAME_MS = 20;
/** Frames sent ahead when audio starts after a pause: 100 ms in the carrier's buffer. */
export const LEAD_FRAMES = 5;

/** `tag`: what the frame belongs to (a chunk), handed back with it when it is sent. */
export type PacedItem = { kind: 'frame'; payload: Uint8Array; tag?: string } | { kind: 'mark'; name: string };

export interface FramePacerOptions {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
  send(item: PacedItem): void;
  /** How late each paced frame went out against its schedule, ms (for the bench); later than the lead is heard as a gap. */
  onLateness?(lateMs: number): void;
  /** Default LEAD_FRAMES. */
  leadFrames?: number;
}

export interface FramePacer {
  push(items: readonly PacedItem[]): void;
  /** Drops everything not yet sent; returns the names of the marks dropped with it. */
  clear(): string[];
  /** Frames waiting to be sent. */
  pending(): number;
  close(): void;
}

export function createFramePacer(options: FramePacerOptions): FramePacer {
  const queue: PacedItem[] = [];
  let cancelTimer: (() => void) | null = null;
  /** When the next frame is due; null while idle. */
  let nextDueAt: number | null = null;
  let lastFrameAt = Number.NEGATIVE_INFINITY;
  let closed = false;
  /** Frames that may still go ahead of the schedule (reset after each pause). */
  let lead = 0;
  const leadFrames = options.leadFrames ?? LEAD_FRAMES;

  function sendMarksAtHead(): void {
    while (queue[0]?.kind === 'mark') options.send(queue.shift()!);
  }

  function tick(): void {
    cancelTimer = null;
    if (closed) return;
    sendMarksAtHead();
    const item = queue.shift();
    if (!item) {
      nextDueAt = null;
      return;
    }
    const now = options.now();
    const ahead = lead > 0;
    if (ahead) lead -= 1;
    else options.onLateness?.(Math.max(0, now - (nextDueAt ?? now)));
    options.send(item);
    lastFrameAt = now;
    sendMarksAtHead();
    // Frames sent ahead do not move the schedule (but the last of them starts it): the ones after keep real time.
    const due: number = !ahead || lead === 0 ? (nextDueAt ?? now) + FRAME_MS : (nextDueAt ?? now);
    if (queue.length === 0) {
      nextDueAt = null;
      return;
    }
    nextDueAt = due;
    cancelTimer = options.setTimer(tick, Math.max(0, due - options.now()));
  }

  return {
    push(items) {
      if (closed || items.length === 0) return;
      queue.push(...items);
      if (nextDueAt !== null) return;
      // Idle: start now, but never closer than one frame after the last one sent; after a pause
      // long enough for the carrier to have played everything, send the lead again.
      const now = options.now();
      if (now - lastFrameAt > leadFrames * FRAME_MS) lead = leadFrames;
      nextDueAt = Math.max(now, lastFrameAt + FRAME_MS);
      cancelTimer = options.setTimer(tick, Math.max(0, nextDueAt - options.now()));
    },
    clear() {
      const dropped = queue.flatMap((item) => (item.kind === 'mark' ? [item.name] : []));
      queue.length = 0;
      cancelTimer?.();
      cancelTimer = null;
      nextDueAt = null;
      return dropped;
    },
    pending: () => queue.filter((item) => item.kind === 'frame').length,
    close() {
      closed = true;
      queue.length = 0;
      cancelTimer?.();
    },
  };
}
