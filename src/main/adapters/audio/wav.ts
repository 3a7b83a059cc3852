import * as wavefileModule from 'wavefile';
import type { PcmAudio } from '../../ports/audio.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import { clampToInt16, downmixToMono } from './pcm.ts';
import { resamplePcm } from './resample.ts';

// wavefile is CommonJS: Node exposes it only as `default`; a bundler reading its ESM entry gives
// named exports.
const { WaveFile } = (wavefileModule as unknown as { default?: typeof wavefileModule }).default ?? wavefileModule;

interface WavFormat {
  numChannels: number;
  sampleRate: number;
  audioFormat: number;
}

/** fmt chunk codes: PCM integer 1, IEEE float 3, A-law 6, mu-law 7, WAVE_FORMAT_EXTENSIBLE 0xFFFE. */
const READABLE_FORMATS = new Set([1, 3, 6, 7, 0xfffe]);

/**
 * Reads a WAV file of any rate, 8/16/24/32-bit integer, 32/64-bit float or G.711, mono or
 * multichannel, into mono 16-bit PCM at the file's own rate (resample with resamplePcm if needed).
 * Garbage or truncated files fail with AppError 'bad_request'.
 */
export function decodeWav(bytes: Uint8Array): PcmAudio {
  try {
    return readWav(bytes);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('bad_request', `not a readable WAV file: ${(error as Error).message}`, { cause: error });
  }
}

function readWav(bytes: Uint8Array): PcmAudio {
  const wav = new WaveFile();
  wav.fromBuffer(bytes);
  const fmt = wav.fmt as WavFormat;
  if (!READABLE_FORMATS.has(fmt.audioFormat)) {
    throw new AppError('bad_request', `unsupported WAV encoding (format ${fmt.audioFormat}); expected PCM, float, A-law or mu-law`);
  }
  if (fmt.numChannels < 1 || !Number.isInteger(fmt.sampleRate) || fmt.sampleRate <= 0) {
    throw new AppError('bad_request', `WAV header is invalid (${fmt.numChannels} channels, ${fmt.sampleRate} Hz)`);
  }
  const data = wav.data as { chunkSize: number; samples: Uint8Array };
  const bytesPerFrame = (Number.parseInt(wav.bitDepth, 10) / 8) * fmt.numChannels;
  // 0xFFFFFFFF (and 0) is what streaming writers put before they know the length.
  const declared = data.chunkSize === 0xffffffff || data.chunkSize === 0 ? data.samples.length : data.chunkSize;
  if (data.samples.length === 0) throw new AppError('bad_request', 'WAV file has no audio data');
  if (data.samples.length < declared || data.samples.length % bytesPerFrame !== 0) {
    throw new AppError('bad_request', `WAV file is truncated (${data.samples.length} of ${declared} data bytes)`);
  }
  const { sampleRate } = fmt;
  // G.711 files are expanded to 16-bit by wavefile itself (which rewrites `fmt`).
  if (fmt.audioFormat === 6) wav.fromALaw();
  if (fmt.audioFormat === 7) wav.fromMuLaw();
  const bitDepth = wav.bitDepth;
  if (!['8', '16', '24', '32', '32f', '64'].includes(bitDepth)) {
    throw new AppError('bad_request', `unsupported WAV bit depth ${bitDepth}`);
  }
  const decoded = wav.getSamples(false, Float64Array) as Float64Array | Float64Array[];
  const channels = Array.isArray(decoded) ? decoded : [decoded];
  const mono = channels.length === 1 ? (channels[0] as Float64Array) : downmixToMono(channels);
  return { samples: toInt16Scale(mono, bitDepth), sampleRate };
}

/** Maps samples in the file's own scale to Int16. */
function toInt16Scale(values: Float64Array, bitDepth: string): Int16Array {
  const out = new Int16Array(values.length);
  // wavefile returns 8-bit samples unsigned (0..255, silence at 128), floats in [-1, 1], and
  // signed integers otherwise.
  const isFloat = bitDepth === '32f' || bitDepth === '64';
  const offset = bitDepth === '8' ? -128 : 0;
  const scale = isFloat ? 32768 : 32768 / 2 ** (Number.parseInt(bitDepth, 10) - 1);
  for (let i = 0; i < values.length; i++) out[i] = clampToInt16(((values[i] as number) + offset) * scale);
  return out;
}

/** Writes mono 16-bit PCM WAV bytes. */
export function encodeWav(audio: PcmAudio): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(1, audio.sampleRate, '16', audio.samples);
  return wav.toBuffer();
}

/** 8 kHz G.711 mu-law WAV (format 7), as telephone tools (sipp's rtp_stream) play it. */
export function encodeMuLawWav(audio: PcmAudio): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(1, 8000, '16', resamplePcm(audio, 8000).samples);
  wav.toMuLaw();
  return wav.toBuffer();
}
