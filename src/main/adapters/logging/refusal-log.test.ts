import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../shared/contract.ts';
import { createRootLogger } from './logger.ts';
import { createRefusalLog } from './refusal-log.ts';

/** Timers run by hand: `advance(ms)` fires those due. */
function fakeTimers() {
  let now = 0;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  return {
    setTimer(fn: () => void, ms: number) {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
    advance(ms: number) {
      now += ms;
      for (const timer of timers.splice(0)) {
        if (timer.cancelled) continue;
        if (timer.at <= now) timer.fn();
        else timers.push(timer);
      }
    },
    pending: () => timers.filter((timer) => !timer.cancelled).length,
  };
}

function logged() {
  const events: LogEvent[] = [];
  const { logger } = createRootLogger({ level: 'info', file: null, stderr: false, onEvent: (event) => events.push(event) });
  return { logger, events };
}

describe('the refusal log', () => {
  it('writes the first refusal of a kind at once and the rest of the interval as one line with a count', () => {
    const time = fakeTimers();
    const { logger, events } = logged();
    const refusals = createRefusalLog(logger, { setTimer: time.setTimer, intervalMs: 60_000 });
    for (let n = 0; n < 2000; n++) refusals.refused('ws_unauthorized', {}, 'refused a WebSocket without a valid token');
    refusals.refused('twilio_bad_signature', { hasSignature: false }, 'refused a Twilio webhook');
    expect(events.map((event) => [event.code, event.message])).toEqual([
      ['ws_unauthorized', 'refused a WebSocket without a valid token'],
      ['twilio_bad_signature', 'refused a Twilio webhook'],
    ]);

    time.advance(59_999);
    expect(events).toHaveLength(2);
    time.advance(1);
    expect(events.slice(2).map((event) => [event.code, event.message])).toEqual([['ws_unauthorized', '1999 more in the last 60 s: refused a WebSocket without a valid token']]);
    expect(time.pending()).toBe(0);

    // A new interval starts with the next refusal, written at once again.
    refusals.refused('ws_unauthorized', {}, 'refused a WebSocket without a valid token');
    expect(events).toHaveLength(4);
    time.advance(60_000);
    expect(events).toHaveLength(4);
  });

  it('writes what it counted when it is flushed (the host closing)', () => {
    const time = fakeTimers();
    const { logger, events } = logged();
    const refusals = createRefusalLog(logger, { setTimer: time.setTimer, intervalMs: 60_000 });
    for (let n = 0; n < 3; n++) refusals.refused('sip_caller_refused', { from: '10.0.0.9' }, 'an INVITE from a stranger');
    refusals.flush();
    expect(events.map((event) => event.message)).toEqual(['an INVITE from a stranger', '2 more in the last 60 s: an INVITE from a stranger']);
    expect(time.pending()).toBe(0);
  });
});
