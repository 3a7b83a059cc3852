// Sends a call's outbound audio in 20 ms frames at the pace it plays, on a schedule that does not
// drift (frame n goes at start + n x 20 ms, however late the timer fired for the one before), so
// the carrier's buffer holds little and a barge-in's `clear` has little to drop. It keeps 100 ms in
// the carrier's hand (sent at once when an answer starts, topped up after a short pause), so a
// frame late by less (a busy moment in the host) is not heard as a gap. A mark goes out right after
// the frame it follows. Time and timers are injected.

export const FRAME_MS = 20;
/** Audio kept in the carrier's buffer beyond the frame playing: 100 ms. */
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
  /** When the carrier will have played everything sent so far. */
  let playsUntil = Number.NEGATIVE_INFINITY;
  /** When the current stretch of sending began (after a pause). */
  let resumedAt = Number.NEGATIVE_INFINITY;
  let closed = false;
  const leadMs = (options.leadFrames ?? LEAD_FRAMES) * FRAME_MS;

  function sendMarksAtHead(): void {
    while (queue[0]?.kind === 'mark') options.send(queue.shift()!);
  }

  /** A frame is due once the carrier holds no more than the lead: it keeps `leadMs` in hand, however the sending went before. */
  const dueAt = () => Math.max(playsUntil - leadMs, resumedAt);

  function schedule(): void {
    nextDueAt = dueAt();
    cancelTimer = options.setTimer(tick, Math.max(0, nextDueAt - options.now()));
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
    options.onLateness?.(Math.max(0, now - (nextDueAt ?? now)));
    options.send(item);
    playsUntil = Math.max(playsUntil, now) + FRAME_MS;
    sendMarksAtHead();
    if (queue.length === 0) {
      nextDueAt = null;
      return;
    }
    schedule();
  }

  return {
    push(items) {
      if (closed || items.length === 0) return;
      queue.push(...items);
      if (nextDueAt !== null) return;
      // Idle: whatever the carrier still holds counts; what is missing of the lead goes at once.
      resumedAt = options.now();
      schedule();
    },
    clear() {
      const dropped = queue.flatMap((item) => (item.kind === 'mark' ? [item.name] : []));
      queue.length = 0;
      cancelTimer?.();
      cancelTimer = null;
      nextDueAt = null;
      // The carrier drops what it held.
      playsUntil = Math.min(playsUntil, options.now());
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
