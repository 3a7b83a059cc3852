import type { Logger } from 'pino';

// Refusals cost the sender nothing (a socket without the token, an unsigned webhook, a stranger's
// INVITE), so one log line each would let anyone grow the log and fill every window's log panel.
// The first refusal of a kind is written at once; the others of the same interval are counted and
// written as one line when it ends.

/** How long the refusals of one kind are counted before their line is written, ms. */
export const REFUSAL_INTERVAL_MS = 60_000;

export interface RefusalLog {
  /**
   * Logs a refusal (at warn, with `code` and `fields`), or counts it when one of its kind (by
   * default its code) was logged this interval.
   */
  refused(code: string, fields: Record<string, unknown>, message: string, kind?: string): void;
  /** Writes the counts not written yet and stops the timers (the host closing). */
  flush(): void;
}

export interface RefusalLogOptions {
  setTimer(fn: () => void, ms: number): () => void;
  intervalMs?: number;
}

interface Interval {
  code: string;
  count: number;
  /** The last refusal's, for the line that sums them up. */
  fields: Record<string, unknown>;
  message: string;
  cancel: () => void;
}

export function createRefusalLog(logger: Logger, options: RefusalLogOptions): RefusalLog {
  const intervalMs = options.intervalMs ?? REFUSAL_INTERVAL_MS;
  const intervals = new Map<string, Interval>();

  function close(kind: string): void {
    const interval = intervals.get(kind);
    if (!interval) return;
    intervals.delete(kind);
    interval.cancel();
    if (interval.count === 0) return;
    logger.warn({ ...interval.fields, code: interval.code, repeated: interval.count, intervalMs }, `${interval.count} more in the last ${Math.round(intervalMs / 1000)} s: ${interval.message}`);
  }

  return {
    refused(code, fields, message, kind = code) {
      const interval = intervals.get(kind);
      if (interval) {
        interval.count += 1;
        interval.fields = fields;
        interval.message = message;
        return;
      }
      logger.warn({ ...fields, code }, message);
      intervals.set(kind, { code, count: 0, fields, message, cancel: options.setTimer(() => close(kind), intervalMs) });
    },
    flush() {
      for (const kind of [...intervals.keys()]) close(kind);
    },
  };
}
