import { describe, expect, it } from 'vitest';
import { MAX_PCM16_BYTES_PER_MESSAGE } from './voice.ts';
import { AUDIO_FRAME_KIND, decodeAudioFrame, encodeAudioFrame } from './ws-protocol.ts';

const pcm = Uint8Array.from([0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);

describe('binary audio frames', () => {
  it('round-trips the request id, the session id and the samples', () => {
    const bytes = encodeAudioFrame({ id: 0xfffffffe, sessionId: 'séance-1', pcm16: pcm });
    expect(bytes[0]).toBe(AUDIO_FRAME_KIND);
    const decoded = decodeAudioFrame(bytes);
    expect(decoded).toEqual({ ok: true, frame: { id: 0xfffffffe, sessionId: 'séance-1', pcm16: pcm } });
  });

  it('reads a frame that sits at an odd offset inside a larger buffer', () => {
    const frame = encodeAudioFrame({ id: 7, sessionId: 's', pcm16: pcm });
    const padded = new Uint8Array(frame.length + 1);
    padded.set(frame, 1);
    const decoded = decodeAudioFrame(padded.subarray(1));
    expect(decoded.ok && Array.from(decoded.frame.pcm16)).toEqual(Array.from(pcm));
  });

  it('accepts an empty audio payload and the largest allowed one', () => {
    expect(decodeAudioFrame(encodeAudioFrame({ id: 1, sessionId: 's', pcm16: new Uint8Array(0) })).ok).toBe(true);
    const largest = encodeAudioFrame({ id: 1, sessionId: 's', pcm16: new Uint8Array(MAX_PCM16_BYTES_PER_MESSAGE) });
    expect(decodeAudioFrame(largest).ok).toBe(true);
  });

  it('names what is wrong with a broken frame, with the id once the header is readable', () => {
    const good = encodeAudioFrame({ id: 5, sessionId: 'abc', pcm16: pcm });
    const cases: [Uint8Array, number | null, string, RegExp][] = [
      [new Uint8Array(0), null, 'bad_request', /shorter than its header/],
      [Uint8Array.from([2, 0, 0, 0, 0, 1, 65]), null, 'bad_request', /unknown binary frame kind 2/],
      [Uint8Array.from([1, 5, 0, 0, 0, 0]), 5, 'bad_request', /session id length/],
      [Uint8Array.from([1, 5, 0, 0, 0, 9, 65]), 5, 'bad_request', /session id length/],
      [Uint8Array.from([1, 5, 0, 0, 0, 1, 0xff]), 5, 'bad_request', /not UTF-8/],
      [good.subarray(0, good.length - 1), 5, 'bad_request', /odd number/],
      [encodeAudioFrame({ id: 6, sessionId: 's', pcm16: new Uint8Array(MAX_PCM16_BYTES_PER_MESSAGE + 2) }), 6, 'payload_too_large', /exceeds/],
    ];
    for (const [bytes, id, code, message] of cases) {
      const decoded = decodeAudioFrame(bytes);
      expect(decoded.ok).toBe(false);
      if (decoded.ok) continue;
      expect(decoded.id).toBe(id);
      expect(decoded.code).toBe(code);
      expect(decoded.message).toMatch(message);
    }
  });

  it('refuses to encode what the decoder would refuse', () => {
    expect(() => encodeAudioFrame({ id: 1, sessionId: '', pcm16: pcm })).toThrow(RangeError);
    expect(() => encodeAudioFrame({ id: 1, sessionId: 'x'.repeat(65), pcm16: pcm })).toThrow(RangeError);
    expect(() => encodeAudioFrame({ id: -1, sessionId: 's', pcm16: pcm })).toThrow(RangeError);
  });
});
