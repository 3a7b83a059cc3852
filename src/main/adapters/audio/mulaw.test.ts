import { describe, expect, it } from 'vitest';
import { decodeMuLaw, encodeMuLaw, muLawToPcm, pcmToMuLaw } from './mulaw.ts';
import { rms } from './pcm.ts';

describe('mu-law', () => {
  it('round-trips speech-level audio within G.711 quantisation (about 3% of the value)', () => {
    const samples = new Int16Array(8000);
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 300 * i) / 8000));
    const bytes = encodeMuLaw(samples);
    expect(bytes).toHaveLength(samples.length);
    const decoded = decodeMuLaw(bytes);
    for (let i = 0; i < samples.length; i++) {
      const original = samples[i] as number;
      expect(Math.abs((decoded[i] as number) - original)).toBeLessThanOrEqual(Math.max(8, Math.abs(original) * 0.035));
    }
    expect(rms(decoded) / rms(samples)).toBeCloseTo(1, 2);
  });

  it('encodes silence as 0xFF and full scale at the ends of the code space', () => {
    expect([...encodeMuLaw(Int16Array.from([0, 32767, -32768]))]).toEqual([0xff, 0x80, 0x00]);
  });

  it('takes and gives 8 kHz audio only', () => {
    const audio = muLawToPcm(Uint8Array.from([0xff, 0x80]));
    expect(audio.sampleRate).toBe(8000);
    expect(pcmToMuLaw(audio)).toEqual(Uint8Array.from([0xff, 0x80]));
    expect(() => pcmToMuLaw({ samples: new Int16Array(2), sampleRate: 16000 })).toThrow(
      expect.objectContaining({ code: 'bad_request' }),
    );
  });
});
