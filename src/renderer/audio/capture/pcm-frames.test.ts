import { describe, expect, it } from 'vitest';
import {
  createFrameAssembler,
  createFrameBatcher,
  FRAME_SAMPLES,
  meterFraction,
  bytesToBase64,
  pcm16ToLeBytes,
  rmsDbfs,
  SILENCE_DBFS,
  toPcm16,
} from './pcm-frames.ts';

describe('toPcm16', () => {
  it('maps the float range onto Int16 and clamps beyond it', () => {
    expect(toPcm16(0)).toBe(0);
    expect(toPcm16(1)).toBe(32767);
    expect(toPcm16(-1)).toBe(-32768);
    expect(toPcm16(1.7)).toBe(32767);
    expect(toPcm16(-3)).toBe(-32768);
    expect(toPcm16(0.5)).toBe(16384);
  });
});

describe('createFrameAssembler', () => {
  it('emits whole frames in order across uneven pushes and keeps the remainder', () => {
    const frames: Int16Array[] = [];
    const assembler = createFrameAssembler(4, (frame) => frames.push(frame));
    assembler.push(Float32Array.from([0.1, 0.2, 0.3]));
    expect(frames).toHaveLength(0);
    assembler.push(Float32Array.from([0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]), 6);
    expect(frames.map((f) => Array.from(f))).toEqual([
      [0.1, 0.2, 0.3, 0.4].map(toPcm16),
      [0.5, 0.6, 0.7, 0.8].map(toPcm16),
    ]);
    // Each frame is its own array (it is transferred to the page).
    expect(frames[0]!.buffer).not.toBe(frames[1]!.buffer);
    assembler.push(Float32Array.from([0, 0]));
    expect(frames).toHaveLength(2);
    assembler.push(Float32Array.from([0]));
    expect(Array.from(frames[2]!)).toEqual([0.9, 0, 0, 0].map(toPcm16));
  });
});

describe('createFrameBatcher', () => {
  it('joins five 20 ms frames into one 100 ms batch, in order', () => {
    const batches: Int16Array[] = [];
    const batcher = createFrameBatcher(5, (pcm) => batches.push(pcm));
    for (let n = 0; n < 12; n++) batcher.push(new Int16Array(FRAME_SAMPLES).fill(n));
    expect(batches).toHaveLength(2);
    expect(batches[0]).toHaveLength(5 * FRAME_SAMPLES);
    expect(batches[0]![0]).toBe(0);
    expect(batches[0]![5 * FRAME_SAMPLES - 1]).toBe(4);
    expect(batches[1]![0]).toBe(5);
    batcher.flush();
    expect(batches).toHaveLength(3);
    expect(batches[2]).toHaveLength(2 * FRAME_SAMPLES);
    expect(batches[2]![FRAME_SAMPLES]).toBe(11);
    batcher.flush();
    expect(batches).toHaveLength(3);
  });
});

describe('pcm16ToLeBytes and bytesToBase64', () => {
  it('writes little-endian bytes', () => {
    const bytes = pcm16ToLeBytes(Int16Array.from([1, -2, 0x1234, -32768]));
    expect(Array.from(bytes)).toEqual([0x01, 0x00, 0xfe, 0xff, 0x34, 0x12, 0x00, 0x80]);
  });

  it('round-trips a 100 ms batch through base64', () => {
    const samples = Int16Array.from({ length: 1600 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const bytes = Buffer.from(bytesToBase64(pcm16ToLeBytes(samples)), 'base64');
    const back = new Int16Array(bytes.length / 2).map((_, i) => bytes.readInt16LE(i * 2));
    expect(Array.from(back)).toEqual(Array.from(samples));
  });

  it('encodes more than one 32 KB chunk the same as Node', () => {
    const bytes = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('rmsDbfs', () => {
  it('reads a full-scale square wave as 0 dBFS and a full-scale sine as about -3', () => {
    const square = Int16Array.from({ length: 320 }, (_, i) => (i % 2 ? 32767 : -32768));
    expect(rmsDbfs(square)).toBeCloseTo(0, 1);
    const sine = Int16Array.from({ length: 320 }, (_, i) => Math.round(32767 * Math.sin((2 * Math.PI * 1000 * i) / 16000)));
    expect(rmsDbfs(sine)).toBeCloseTo(-3.01, 1);
  });

  it('falls 20 dB for a tenth of the amplitude and reads silence as the floor', () => {
    const loud = Int16Array.from({ length: 320 }, (_, i) => (i % 2 ? 10000 : -10000));
    const quiet = Int16Array.from({ length: 320 }, (_, i) => (i % 2 ? 1000 : -1000));
    expect(rmsDbfs(loud) - rmsDbfs(quiet)).toBeCloseTo(20, 5);
    expect(rmsDbfs(new Int16Array(320))).toBe(SILENCE_DBFS);
    expect(rmsDbfs(new Int16Array(0))).toBe(SILENCE_DBFS);
  });
});

describe('meterFraction', () => {
  it('maps floor..0 dBFS onto 0..1', () => {
    expect(meterFraction(-60)).toBe(0);
    expect(meterFraction(-80)).toBe(0);
    expect(meterFraction(-30)).toBeCloseTo(0.5);
    expect(meterFraction(0)).toBe(1);
    expect(meterFraction(3)).toBe(1);
    expect(meterFraction(Number.NaN)).toBe(0);
  });
});
