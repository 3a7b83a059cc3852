import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as wavefileModule from 'wavefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PcmAudio } from '../src/main/ports/audio.ts';
import { resamplePcm } from '../src/main/adapters/audio/resample.ts';
import { encodeWav } from '../src/main/adapters/audio/wav.ts';
import { findSpeechInWavFile } from '../src/main/adapters/embedded/vad/speech-segments.ts';
import { speak, withSilence, type AudioWithSpeech } from '../src/main/adapters/testing/speech-fixtures.ts';

const { WaveFile } = (wavefileModule as unknown as { default?: typeof wavefileModule }).default ?? wavefileModule;
const script = fileURLToPath(new URL('./vad.ts', import.meta.url));

async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--disable-warning=ExperimentalWarning', script, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function stereoWav(audio: PcmAudio): Uint8Array {
  const wav = new WaveFile();
  // Right channel at half level: the downmix must still hold the speech.
  wav.fromScratch(2, audio.sampleRate, '16', [audio.samples, audio.samples.map((sample) => sample >> 1)]);
  return wav.toBuffer();
}

describe('npm run vad', () => {
  let dir: string;
  let clip: AudioWithSpeech;
  const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(100);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vad-cli-'));
    clip = withSilence(await speak('What time is it in Tokyo?', { sampleRate: 44100 }), { beforeMs: 900, afterMs: 800 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the speech segments of a 44.1 kHz stereo file as JSON', async () => {
    const file = join(dir, 'stereo.wav');
    writeFileSync(file, stereoWav(clip.audio));
    const { code, stdout } = await runCli(file);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { file: string; sampleRate: number; durationMs: number; segments: { startMs: number; endMs: number }[] };
    expect(report.file).toBe(file);
    expect(report.sampleRate).toBe(44100);
    expect(report.durationMs).toBe(Math.round((clip.audio.samples.length / 44100) * 1000));
    expect(report.segments).toHaveLength(1);
    near(report.segments[0]!.startMs, clip.speechStartMs);
    near(report.segments[0]!.endMs, clip.speechEndMs);
  });

  it('resamples 8 kHz and 48 kHz files to find the same speech', async () => {
    for (const rate of [8000, 48000]) {
      const file = join(dir, `mono-${rate}.wav`);
      writeFileSync(file, encodeWav(resamplePcm(clip.audio, rate)));
      const report = await findSpeechInWavFile(file);
      expect(report.sampleRate).toBe(rate);
      expect(report.segments, `${rate} Hz`).toHaveLength(1);
      near(report.segments[0]!.startMs, clip.speechStartMs);
      near(report.segments[0]!.endMs, clip.speechEndMs);
    }
  });

  it('reports no segments for a silent file', async () => {
    const file = join(dir, 'silent.wav');
    writeFileSync(file, encodeWav({ samples: new Int16Array(16000 * 2), sampleRate: 16000 }));
    expect((await findSpeechInWavFile(file)).segments).toEqual([]);
  });

  it('exits 1 with one clear line for a truncated, a garbage or a missing file', async () => {
    const truncated = join(dir, 'truncated.wav');
    writeFileSync(truncated, encodeWav(clip.audio).subarray(0, 1001));
    const garbage = join(dir, 'garbage.wav');
    writeFileSync(garbage, 'this is not audio at all\n'.repeat(20));
    const missing = join(dir, 'missing.wav');
    const results = await Promise.all([runCli(truncated), runCli(garbage), runCli(missing), runCli()]);
    for (const { code, stdout } of results) {
      expect(code).toBe(1);
      expect(stdout).toBe('');
    }
    const lines = results.map(({ stderr }) => stderr.trimEnd().split('\n'));
    expect(lines[0]).toEqual([expect.stringMatching(/^vad: .*truncated/)]);
    expect(lines[1]).toEqual([expect.stringMatching(/^vad: not a readable WAV file/)]);
    expect(lines[2]).toEqual([`vad: cannot read ${missing}: no such file`]);
    expect(lines[3]).toEqual([expect.stringMatching(/^usage: npm run vad/)]);
  });
});
