import { describe, expect, it } from 'vitest';
import { createManualTime } from '../../core/testing/manual-time.ts';
import { createFramePacer, FRAME_MS, type PacedItem } from './frame-pacer.ts';

const frames = (count: number, tag = 0): PacedItem[] => Array.from({ length: count }, (_, index) => ({ kind: 'frame', payload: new Uint8Array([tag, index]) }));

function setUp() {
  const time = createManualTime(1000);
  const sent: { at: number; item: PacedItem }[] = [];
  // No lead here, to see the pace itself; the lead has its own test.
  const pacer = createFramePacer({ now: time.clock.now, setTimer: time.setTimer, send: (item) => sent.push({ at: time.clock.now(), item }), leadFrames: 0 });
  return { time, sent, pacer };
}

describe('the frame pacer', () => {
  it('sends one 20 ms frame every 20 ms from the moment audio comes, a mark right after its frame', () => {
    const { time, sent, pacer } = setUp();
    pacer.push([...frames(3), { kind: 'mark', name: 'chunk-1' }, ...frames(2, 1)]);
    time.advance(200);
    expect(sent.map(({ at, item }) => `${at - 1000}:${item.kind === 'mark' ? item.name : 'frame'}`)).toEqual(['0:frame', '20:frame', '40:frame', '40:chunk-1', '60:frame', '80:frame']);
  });

  it('keeps to its schedule when a timer fires late: with audio in hand, the next frame is not pushed back', () => {
    const time = createManualTime(0);
    const at: number[] = [];
    let calls = 0;
    // The fourth timer (the first paced frame, due at 20) fires 7 ms late.
    const setTimer = (fn: () => void, ms: number) => time.setTimer(fn, ms + (++calls === 4 ? 7 : 0));
    const pacer = createFramePacer({ now: time.clock.now, setTimer, send: () => at.push(time.clock.now()), leadFrames: 2 });
    pacer.push(frames(6));
    time.advance(200);
    expect(at).toEqual([0, 0, 0, 27, 40, 60]);
  });

  it('after a pause, starts again no sooner than one frame after the last one', () => {
    const { time, sent, pacer } = setUp();
    pacer.push(frames(1));
    time.advance(5);
    pacer.push(frames(1));
    time.advance(100);
    expect(sent.map(({ at }) => at - 1000)).toEqual([0, FRAME_MS]);
  });

  it('clear drops what was not sent and names the marks it dropped', () => {
    const { time, sent, pacer } = setUp();
    pacer.push([...frames(2), { kind: 'mark', name: 'a' }, ...frames(5), { kind: 'mark', name: 'b' }]);
    time.advance(50);
    expect(pacer.clear()).toEqual(['b']);
    time.advance(500);
    expect(sent.filter(({ item }) => item.kind === 'frame')).toHaveLength(3);
    expect(pacer.pending()).toBe(0);
  });

  it('sends the first frames of an answer at once, so a late timer is not heard, then keeps real time', () => {
    const time = createManualTime(0);
    const at: number[] = [];
    const late: number[] = [];
    const pacer = createFramePacer({ now: time.clock.now, setTimer: time.setTimer, send: () => at.push(time.clock.now()), onLateness: (ms) => late.push(ms), leadFrames: 3 });
    pacer.push(frames(6));
    time.advance(200);
    // The frame playing and three in hand go at once; then one every 20 ms keeps three in hand.
    expect(at).toEqual([0, 0, 0, 0, 20, 40]);
    expect(late).toEqual([0, 0, 0, 0, 0, 0]);
    // After a long pause the lead is sent again.
    time.advance(500);
    pacer.push(frames(4));
    time.advance(200);
    expect(at.slice(6)).toEqual([700, 700, 700, 700]);
  });

  it('tops the lead up after a short pause instead of letting it run down', () => {
    const time = createManualTime(0);
    const at: number[] = [];
    const pacer = createFramePacer({ now: time.clock.now, setTimer: time.setTimer, send: () => at.push(time.clock.now()), leadFrames: 3 });
    pacer.push(frames(6));
    time.advance(100);
    // Sent by 40 ms, playing until 120: at 100 the carrier holds 20 ms; the next chunk refills it at once.
    pacer.push(frames(6));
    time.advance(200);
    expect(at.slice(6, 10)).toEqual([100, 100, 100, 120]);
  });
});
