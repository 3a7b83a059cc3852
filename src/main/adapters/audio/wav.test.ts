import { describe, expect, it } from 'vitest';
import * as wavefileModule from 'wavefile';
import { decodeWav, encodeWav } from './wav.ts';

const { WaveFile } = (wavefileModule as unknown as { default?: typeof wavefileModule }).default ?? wavefileModule;

/** A WAV file written by wavefile itself, as another program would. */
function wavBytes(channels: number, sampleRate: number, bitDepth: string, samples: number[] | number[][]): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(channels, sampleRate, bitDepth, samples);
  return wav.toBuffer();
}

describe('decodeWav', () => {
  it.each([
    ['8', [128, 192, 64, 255], [0, 16384, -16384, 32512]],
    ['16', [0, 16384, -16384, 32767], [0, 16384, -16384, 32767]],
    ['24', [0, 4194304, -4194304, -8388608], [0, 16384, -16384, -32768]],
    ['32', [0, 1073741824, -1073741824, 2147483647], [0, 16384, -16384, 32767]],
    ['32f', [0, 0.5, -0.5, -1], [0, 16384, -16384, -32768]],
    ['64', [0, 0.5, -0.5, 1], [0, 16384, -16384, 32767]],
  ])('reads %s-bit mono as 16-bit PCM at its own rate', (bitDepth, samples, expected) => {
    const audio = decodeWav(wavBytes(1, 44100, bitDepth, samples));
    expect(audio.sampleRate).toBe(44100);
    expect([...audio.samples]).toEqual(expected);
  });

  it('downmixes stereo to mono', () => {
    const audio = decodeWav(wavBytes(2, 48000, '16', [[1000, -4000, 32767], [3000, 4000, 32767]]));
    expect(audio).toEqual({ samples: Int16Array.from([2000, 0, 32767]), sampleRate: 48000 });
  });

  it('expands mu-law WAV files', () => {
    const audio = decodeWav(wavBytes(1, 8000, '8m', [0xff, 0x80, 0x00]));
    expect(audio.sampleRate).toBe(8000);
    expect(audio.samples[0]).toBe(0);
    expect(audio.samples[1]).toBeGreaterThan(32000);
    expect(audio.samples[2]).toBeLessThan(-32000);
  });

  it('round-trips what encodeWav writes', () => {
    const samples = Int16Array.from({ length: 1600 }, (_, i) => Math.round(12000 * Math.sin(i / 7)));
    const bytes = encodeWav({ samples, sampleRate: 16000 });
    expect(bytes).toHaveLength(44 + samples.length * 2);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF');
    expect(decodeWav(bytes)).toEqual({ samples, sampleRate: 16000 });
  });

  const valid = wavBytes(2, 16000, '16', [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]);

  it.each([
    ['random bytes', Uint8Array.from({ length: 200 }, (_, i) => (i * 37) % 256)],
    ['an empty file', new Uint8Array(0)],
    ['a header cut before the fmt chunk', valid.subarray(0, 12)],
    ['a header cut before the data chunk', valid.subarray(0, 40)],
    ['data cut mid-frame', valid.subarray(0, valid.length - 1)],
    ['data cut at a frame boundary', valid.subarray(0, valid.length - 4)],
    ['no samples at all', wavBytes(1, 16000, '16', [])],
  ])('rejects %s with bad_request', (_name, bytes) => {
    expect(() => decodeWav(bytes)).toThrow(expect.objectContaining({ name: 'AppError', code: 'bad_request' }));
  });

  it('rejects encodings it cannot read', () => {
    const bytes = wavBytes(1, 16000, '16', [1, 2]);
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(20, 2, true); // fmt audioFormat 2 = MS ADPCM
    expect(() => decodeWav(bytes)).toThrow(/unsupported WAV encoding/);
  });
});
