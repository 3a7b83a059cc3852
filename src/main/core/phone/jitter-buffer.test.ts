import { describe, expect, it } from 'vitest';
import { createJitterBuffer } from './jitter-buffer.ts';

const packet = (sequence: number) => ({ sequence, payload: new Uint8Array([sequence & 0xff]) });
const drain = (buffer: ReturnType<typeof createJitterBuffer>) => {
  const out: (number | null)[] = [];
  for (let frame = buffer.pull(); frame !== undefined; frame = buffer.pull()) out.push(frame === null ? null : frame[0]!);
  return out;
};

describe('the jitter buffer', () => {
  it('waits for its depth, then plays in sequence order whatever order packets came in', () => {
    const buffer = createJitterBuffer(3);
    buffer.push(packet(10));
    buffer.push(packet(12));
    expect(buffer.pull()).toBeUndefined();
    buffer.push(packet(11));
    buffer.push(packet(13));
    expect(drain(buffer)).toEqual([10, 11, 12, 13]);
  });

  it('plays a frame still missing at its turn as silence, and drops it when it comes late', () => {
    const buffer = createJitterBuffer(2);
    for (const sequence of [1, 2, 4, 5]) buffer.push(packet(sequence));
    expect(drain(buffer)).toEqual([1, 2, null, 4, 5]);
    buffer.push(packet(3));
    expect(buffer.stats()).toMatchObject({ received: 5, lost: 1, late: 1 });
  });

  it('counts duplicates once and follows the 16-bit sequence through its wrap', () => {
    const buffer = createJitterBuffer(2);
    for (const sequence of [65_534, 65_535, 65_535, 0, 1]) buffer.push(packet(sequence));
    expect(drain(buffer)).toEqual([0xfe, 0xff, 0, 1]);
    expect(buffer.stats().duplicates).toBe(1);
  });

  it('starts over on a jump no reordering explains (the peer restarted its stream)', () => {
    const buffer = createJitterBuffer(1);
    buffer.push(packet(100));
    expect(drain(buffer)).toEqual([100]);
    buffer.push(packet(40_000));
    expect(drain(buffer)).toEqual([40_000 & 0xff]);
  });
});
