import * as alawmulawModule from 'alawmulaw';
import type { PcmAudio } from '../../ports/audio.ts';
import { AppError } from '../../core/errors.ts';

// alawmulaw is CommonJS: Node exposes it only as `default`; a bundler reading its ESM entry gives
// named exports.
const { mulaw } = (alawmulawModule as unknown as { default?: typeof alawmulawModule }).default ?? alawmulawModule;

/** G.711 mu-law (telephony): one byte per sample, 8 kHz by convention. */
export function encodeMuLaw(samples: Int16Array): Uint8Array {
  return mulaw.encode(samples);
}

export function decodeMuLaw(bytes: Uint8Array): Int16Array {
  return mulaw.decode(bytes);
}

/** PCM at 8 kHz -> mu-law bytes; other rates must be resampled first. */
export function pcmToMuLaw(audio: PcmAudio): Uint8Array {
  if (audio.sampleRate !== 8000) throw new AppError('bad_request', `mu-law audio is 8000 Hz, got ${audio.sampleRate} Hz`);
  return encodeMuLaw(audio.samples);
}

export function muLawToPcm(bytes: Uint8Array): PcmAudio {
  return { samples: decodeMuLaw(bytes), sampleRate: 8000 };
}
