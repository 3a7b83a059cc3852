import { describe, expect, it } from 'vitest';
import { readRtp, writeRtp } from './rtp-packets.ts';

describe('RTP packets', () => {
  it('writes the RFC 3550 header and reads it back', () => {
    const payload = new Uint8Array(160).fill(0xff);
    const bytes = writeRtp({ payloadType: 0, sequence: 65_535, timestamp: 4_294_967_200, ssrc: 0xdeadbeef, marker: true, payload });
    expect(bytes.length).toBe(12 + 160);
    // Version 2, no padding, extension or CSRCs; marker set, payload type 0.
    expect([bytes[0], bytes[1]]).toEqual([0x80, 0x80]);
    expect(readRtp(bytes)).toEqual({ payloadType: 0, sequence: 65_535, timestamp: 4_294_967_200, ssrc: 0xdeadbeef, marker: true, payload });
  });

  it('refuses what is not RTP: RTCP on the same port, and stray bytes', () => {
    // An RTCP receiver report header (payload type 201).
    expect(readRtp(Uint8Array.from([0x81, 201, 0, 7, 0, 0, 0, 1, ...new Array(24).fill(0)]))).toBeNull();
    expect(readRtp(Uint8Array.from([1, 2, 3]))).toBeNull();
    expect(readRtp(new Uint8Array(0))).toBeNull();
  });
});
