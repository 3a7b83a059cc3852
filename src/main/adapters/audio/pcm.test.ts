import { describe, expect, it } from 'vitest';
import {
  concatPcm,
  downmixToMono,
  float32ToPcm16,
  isSupportedSampleRate,
  pcm16ToFloat32,
  rms,
  stereoInterleavedToMono,
} from './pcm.ts';

describe('PCM conversions', () => {
  it('maps Int16 to [-1, 1) and back without loss', () => {
    const samples = Int16Array.from([-32768, -16384, -1, 0, 1, 12345, 32767]);
    const floats = pcm16ToFloat32(samples);
    expect(floats[0]).toBe(-1);
    expect(floats[3]).toBe(0);
    expect(floats[6]).toBeCloseTo(32767 / 32768, 6);
    expect(float32ToPcm16(floats)).toEqual(samples);
  });

  it('clips floats beyond full scale and treats NaN as silence', () => {
    expect([...float32ToPcm16([1.5, -2, Number.NaN, 0.5])]).toEqual([32767, -32768, 0, 16384]);
  });

  it('downmixes channels by averaging', () => {
    expect([...downmixToMono([[1000, -2000, 300], [3000, 2000, -300]])]).toEqual([2000, 0, 0]);
    expect([...stereoInterleavedToMono(Int16Array.from([1000, 3000, -2000, 2000, 32767, 32767]))]).toEqual([2000, 0, 32767]);
    expect(() => stereoInterleavedToMono(new Int16Array(3))).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => downmixToMono([[1, 2], [1]])).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('measures RMS on the Int16 scale', () => {
    expect(rms(Int16Array.from([3, -3, 3, -3]))).toBe(3);
    expect(rms(new Int16Array(0))).toBe(0);
  });

  it('concatenates clips of one rate and refuses mixed rates', () => {
    const joined = concatPcm([
      { samples: Int16Array.from([1, 2]), sampleRate: 16000 },
      { samples: Int16Array.from([3]), sampleRate: 16000 },
    ]);
    expect(joined).toEqual({ samples: Int16Array.from([1, 2, 3]), sampleRate: 16000 });
    expect(() =>
      concatPcm([
        { samples: new Int16Array(1), sampleRate: 16000 },
        { samples: new Int16Array(1), sampleRate: 8000 },
      ]),
    ).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('knows the pipeline rates', () => {
    expect([8000, 16000, 22050, 24000, 44100, 48000].every(isSupportedSampleRate)).toBe(true);
    expect(isSupportedSampleRate(11025)).toBe(false);
  });
});
