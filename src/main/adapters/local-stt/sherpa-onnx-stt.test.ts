import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { isAppError } from '../../core/errors.ts';
import { decodeWav } from '../audio/wav.ts';
import { speak } from '../testing/speech-fixtures.ts';
import type { InstalledModel } from './model-downloader.ts';
import { SherpaOnnxStt } from './sherpa-onnx-stt.ts';
import { findSpeechModel, type SpeechModel } from './speech-model-catalog.ts';
import { failure } from '../../testing/failure.ts';

const cleanups: (() => unknown)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const tinyEn = findSpeechModel('whisper-tiny-en')!;

function installedIn(dir: string, model: SpeechModel = tinyEn): InstalledModel {
  return { model, dir, path: (fileName) => join(dir, fileName) };
}

function tempModelDir(): string {
  const dir = makeTempDir('sherpa-stt');
  cleanups.push(dir.remove);
  return dir.path;
}

const oneSecond = { samples: new Int16Array(16_000).map((_, i) => Math.round(3000 * Math.sin(i / 10))), sampleRate: 16_000 };

describe('SherpaOnnxStt (the real sherpa-onnx-node binding)', () => {
  it('says which file of the model is missing', async () => {
    const dir = tempModelDir();
    writeFileSync(join(dir, tinyEn.engine.encoder), 'x');
    const error = await failure(new SherpaOnnxStt({ installed: installedIn(dir) }).transcribe({ audio: oneSecond }));
    expect(isAppError(error) && error.code).toBe('unavailable');
    expect(error.message).toBe(`The speech model Whisper tiny (English) is incomplete: ${join(dir, tinyEn.engine.decoder)} is missing. Download it again in Settings.`);
  });

  it('turns a damaged model file into a clear error from the binding, without taking the process down', async () => {
    const dir = tempModelDir();
    writeFileSync(join(dir, tinyEn.engine.encoder), randomBytes(4096));
    writeFileSync(join(dir, tinyEn.engine.decoder), randomBytes(4096));
    writeFileSync(join(dir, tinyEn.engine.tokens), 'a 0\nb 1\n');
    const stt = new SherpaOnnxStt({ installed: installedIn(dir) });

    const error = await failure(stt.transcribe({ audio: oneSecond }));
    expect(isAppError(error) && error.code).toBe('unavailable');
    expect(error.message).toMatch(
      new RegExp(`^Could not load the speech model Whisper tiny \\(English\\): Load model from ${join(dir, tinyEn.engine.encoder).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} failed:.*Protobuf parsing failed.*\\. Delete it and download it again in Settings\\.$`),
    );
    // warmUp never rejects; the next transcribe tries the load again and reports it again.
    await expect(stt.warmUp()).resolves.toBeUndefined();
    expect((await failure(stt.transcribe({ audio: oneSecond }))).message).toMatch(/^Could not load the speech model/);
  });

  it('says so when the native binding cannot be loaded', async () => {
    const dir = tempModelDir();
    for (const name of [tinyEn.engine.encoder, tinyEn.engine.decoder, tinyEn.engine.tokens]) writeFileSync(join(dir, name), 'x');
    const stt = new SherpaOnnxStt({
      installed: installedIn(dir),
      loadBinding: () => Promise.reject(new Error('Could not find sherpa-onnx-node. Tried\n\n  ../build/Release/sherpa-onnx.node')),
    });
    expect((await failure(stt.transcribe({ audio: oneSecond }))).message).toBe('The local speech recognizer (sherpa-onnx) cannot run here: Could not find sherpa-onnx-node. Tried');
  });

  it('returns no text for no audio without loading anything', async () => {
    const stt = new SherpaOnnxStt({ installed: installedIn('/nonexistent'), loadBinding: () => Promise.reject(new Error('not loaded')) });
    expect(await stt.transcribe({ audio: { samples: new Int16Array(0), sampleRate: 16_000 }, language: 'en-GB' })).toEqual({ text: '', language: 'en' });
  });

  const modelDir = process.env.SHERPA_TEST_MODEL_DIR;
  const found = modelDir && existsSync(modelDir) ? whisperFilesIn(modelDir) : null;
  it.skipIf(!found)(
    found ? `transcribes speech with the Whisper model in ${modelDir}` : 'transcribes speech with a real model: skipped, no model on this machine (set SHERPA_TEST_MODEL_DIR to a sherpa-onnx Whisper folder, e.g. sherpa-onnx-whisper-tiny.en; SHERPA_TEST_WAV for a 16-bit WAV)',
    async () => {
      const model: SpeechModel = { ...tinyEn, id: 'test', label: 'the test model', engine: { ...tinyEn.engine, ...found! } };
      const stt = new SherpaOnnxStt({ installed: installedIn(modelDir!, model) });
      const wav = process.env.SHERPA_TEST_WAV;
      // 22.05 kHz espeak-ng speech: the adapter resamples it to 16 kHz.
      const audio = wav ? decodeWav(readFileSync(wav)) : await speak('What time is it in Tokyo?', { sampleRate: 22_050 });
      const transcript = await stt.transcribe({ audio, language: 'en' });
      expect(transcript.language).toBe('en');
      if (!wav) expect(transcript.text.toLowerCase()).toMatch(/time.*tokyo/);
      else expect(transcript.text.length).toBeGreaterThan(0);
    },
    120_000,
  );
});

/** encoder, decoder and tokens file names of a sherpa-onnx Whisper folder (int8 preferred). */
function whisperFilesIn(dir: string): { encoder: string; decoder: string; tokens: string } | null {
  const names = readdirSync(dir);
  const pick = (part: string) => names.find((name) => name.includes(part) && name.includes('int8') && name.endsWith('.onnx')) ?? names.find((name) => name.includes(part) && name.endsWith('.onnx'));
  const encoder = pick('encoder');
  const decoder = pick('decoder');
  const tokens = names.find((name) => name.endsWith('tokens.txt'));
  return encoder && decoder && tokens ? { encoder, decoder, tokens } : null;
}
