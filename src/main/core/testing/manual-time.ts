// Injected time for tests: the clock stands still and timers fire only when the test advances it,
// in the order they fall due (a timer armed by a firing one fires in the same advance if due).

export interface ManualTime {
  clock: { now(): number };
  setTimer(fn: () => void, ms: number): () => void;
  /** Moves the clock `ms` forward, firing every timer that falls due on the way. */
  advance(ms: number): void;
  /** Timers armed and not yet fired or cancelled. */
  pending(): number;
}

export function createManualTime(start = 0): ManualTime {
  let now = start;
  let order = 0;
  const timers: { at: number; order: number; fn: () => void }[] = [];
  return {
    clock: { now: () => now },
    setTimer(fn, ms) {
      const timer = { at: now + Math.max(0, ms), order: order++, fn };
      timers.push(timer);
      return () => {
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
      };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.order - b.order)[0];
        if (!due) break;
        timers.splice(timers.indexOf(due), 1);
        now = Math.max(now, due.at);
        due.fn();
      }
      now = until;
    },
    pending: () => timers.length,
  };
}
