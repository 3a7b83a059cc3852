import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { AppError } from '../../../core/errors.ts';
import { loadOnnxSession } from '../onnx-session.ts';
import { FRAME_SAMPLES, SAMPLE_RATE } from './audio-history.ts';

export type SileroModelVersion = 'v5' | 'v6';

/** Samples of the previous frame the model sees before each new frame (v5/v6 detect nothing without them). */
const CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;

/** The model file @ricky0123/vad-web ships for a version. */
export function sileroModelPath(version: SileroModelVersion): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('@ricky0123/vad-web/package.json');
  } catch (error) {
    throw new AppError('unavailable', 'Silero VAD model not found: @ricky0123/vad-web is not installed', { cause: error });
  }
  return join(dirname(packageJson), 'dist', `silero_vad_${version}.onnx`);
}

/** One ONNX session per model file per process, shared by every detector. */
export const loadSileroSession = (path: string): Promise<ort.InferenceSession> => loadOnnxSession(path, 'Silero VAD model');

/**
 * One stream's recurrent state over a shared session: 512 new samples per call, with the last 64
 * samples of the previous call prepended (input 1x576), state [2,1,128] carried from call to call.
 */
export class SileroFrameModel {
  private readonly session: ort.InferenceSession;
  private readonly input = new Float32Array(CONTEXT_SAMPLES + FRAME_SAMPLES);
  private readonly sampleRate = new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)]), []);
  private state: ort.Tensor = new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);

  constructor(session: ort.InferenceSession) {
    this.session = session;
  }

  reset(): void {
    this.input.fill(0);
    this.state = new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
  }

  /** Speech probability (0..1) of 512 samples of 16 kHz PCM16. */
  async probability(frame: Int16Array): Promise<number> {
    const { input } = this;
    input.copyWithin(0, FRAME_SAMPLES, FRAME_SAMPLES + CONTEXT_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) input[CONTEXT_SAMPLES + i] = (frame[i] as number) / 32768;
    // The tensor gets its own copy: the next call rewrites `input` while this one may be in flight.
    const feeds = {
      input: new ort.Tensor('float32', input.slice(), [1, CONTEXT_SAMPLES + FRAME_SAMPLES]),
      state: this.state,
      sr: this.sampleRate,
    };
    const result = await this.session.run(feeds);
    this.state = result.stateN as ort.Tensor;
    const probability = (result.output as ort.Tensor).data[0] as number;
    return Number.isFinite(probability) ? probability : 0;
  }
}
