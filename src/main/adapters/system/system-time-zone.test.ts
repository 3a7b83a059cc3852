import { afterEach, describe, expect, it } from 'vitest';
import { systemTimeZone } from './system-time-zone.ts';

const original = process.env.TZ;
afterEach(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

describe('systemTimeZone', () => {
  it("is the system's zone, and a change of zone is seen within a minute", () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(systemTimeZone(1_000_000)).toBe('Asia/Tokyo');
    process.env.TZ = 'Europe/Paris';
    expect(systemTimeZone(1_000_000 + 30_000)).toBe('Asia/Tokyo');
    expect(systemTimeZone(1_000_000 + 60_000)).toBe('Europe/Paris');
  });
});
