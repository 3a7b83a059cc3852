import * as ort from 'onnxruntime-node';
import { WAKE_PHRASES, type WakePhrase } from '../../../shared/wake-phrases.ts';
import type { WakeDetection, WakeWordDetector } from '../../ports/wake-word.ts';
import { loadWakeWordSession, wakeWordModelFiles, type WakeWordModelFiles } from './wake-word-models.ts';

// openWakeWord's streaming pipeline (github.com/dscripka/openWakeWord, utils.AudioFeatures):
// every 80 ms of 16 kHz audio, with the 30 ms before it, becomes 8 melspectrogram frames of 32
// bins; the newest 76 frames become one 96-value speech embedding; the newest 16 embeddings
// (1.28 s) go to the phrase's classifier, which scores 0..1.

export const WAKE_SAMPLE_RATE = 16_000;
const CHUNK_SAMPLES = 1280;
/** Samples of the previous chunk the melspectrogram sees first: 3 hops of 10 ms. */
const OVERLAP_SAMPLES = 480;
const MEL_BINS = 32;
const EMBEDDING_WINDOW_FRAMES = 76;
const EMBEDDING_SIZE = 96;
const CLASSIFIER_WINDOW = 16;
/** Scores of the first chunks come from the warm-up buffers, not from audio (openWakeWord drops 5). */
const WARM_UP_CHUNKS = 5;
/** After a detection, the same utterance of the phrase does not fire again for this long. */
const REFRACTORY_MS = 2000;

export interface WakeWordDetectorOptions {
  phrase: WakePhrase;
  /** Classifier score at or above which the phrase counts as said (openWakeWord's default: 0.5). */
  threshold: number;
  files?: WakeWordModelFiles;
}

export interface OpenWakeWordDetector extends WakeWordDetector {
  readonly phrase: WakePhrase;
  /** The highest score seen since the last call (for tuning and tests). */
  takePeakScore(): number;
}

/** Loads the three models (shared per process) and starts a stream. Rejects with AppError 'unavailable' when a model is missing. */
export async function createWakeWordDetector(options: WakeWordDetectorOptions): Promise<OpenWakeWordDetector> {
  const files = options.files ?? wakeWordModelFiles(options.phrase);
  const [melspectrogram, embedding, classifier] = await Promise.all([
    loadWakeWordSession(files.melspectrogram),
    loadWakeWordSession(files.embedding),
    loadWakeWordSession(files.classifier),
  ]);
  const stream = new WakeWordStream({ melspectrogram, embedding, classifier }, options);
  await stream.warmUp();
  return stream;
}

interface Sessions {
  melspectrogram: ort.InferenceSession;
  embedding: ort.InferenceSession;
  classifier: ort.InferenceSession;
}

class WakeWordStream implements OpenWakeWordDetector {
  readonly phrase: WakePhrase;
  readonly phraseLabel: string;
  private readonly threshold: number;
  private readonly sessions: Sessions;
  /** The last OVERLAP_SAMPLES of the previous chunk, then the chunk being filled. */
  private readonly audio = new Float32Array(OVERLAP_SAMPLES + CHUNK_SAMPLES);
  private filled = 0;
  private mel: Float32Array[] = [];
  private embeddings: Float32Array[] = [];
  private restingEmbedding: Float32Array | null = null;
  private chunks = 0;
  private quietUntilMs = 0;
  private peak = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(sessions: Sessions, options: WakeWordDetectorOptions) {
    this.sessions = sessions;
    this.phrase = options.phrase;
    this.phraseLabel = WAKE_PHRASES[options.phrase].label;
    this.threshold = options.threshold;
  }

  /** The embedding of the resting melspectrogram (all ones, as openWakeWord starts): the history before any audio. */
  async warmUp(): Promise<void> {
    const resting = Array.from({ length: EMBEDDING_WINDOW_FRAMES }, () => new Float32Array(MEL_BINS).fill(1));
    this.restingEmbedding = await this.embed(resting);
    this.reset();
  }

  reset(): void {
    this.audio.fill(0);
    this.filled = 0;
    this.mel = Array.from({ length: EMBEDDING_WINDOW_FRAMES }, () => new Float32Array(MEL_BINS).fill(1));
    const resting = this.restingEmbedding ?? new Float32Array(EMBEDDING_SIZE);
    this.embeddings = Array.from({ length: CLASSIFIER_WINDOW }, () => resting);
    this.chunks = 0;
    this.quietUntilMs = 0;
    this.peak = 0;
  }

  takePeakScore(): number {
    const peak = this.peak;
    this.peak = 0;
    return peak;
  }

  push(samples: Int16Array): Promise<WakeDetection[]> {
    const copy = samples.slice();
    const next = this.chain.then(() => this.consume(copy));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async consume(samples: Int16Array): Promise<WakeDetection[]> {
    const detections: WakeDetection[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(CHUNK_SAMPLES - this.filled, samples.length - offset);
      // The melspectrogram model takes Int16-scale floats, not -1..1.
      for (let i = 0; i < take; i++) this.audio[OVERLAP_SAMPLES + this.filled + i] = samples[offset + i] as number;
      this.filled += take;
      offset += take;
      if (this.filled < CHUNK_SAMPLES) break;
      const detection = await this.scoreChunk();
      if (detection) detections.push(detection);
      this.audio.copyWithin(0, CHUNK_SAMPLES, CHUNK_SAMPLES + OVERLAP_SAMPLES);
      this.filled = 0;
    }
    return detections;
  }

  private async scoreChunk(): Promise<WakeDetection | null> {
    this.chunks += 1;
    const atMs = (this.chunks * CHUNK_SAMPLES * 1000) / WAKE_SAMPLE_RATE;
    await this.appendMel();
    const embedding = await this.embed(this.mel.slice(-EMBEDDING_WINDOW_FRAMES));
    this.embeddings = [...this.embeddings.slice(1 - CLASSIFIER_WINDOW), embedding];
    const score = await this.classify();
    if (this.chunks <= WARM_UP_CHUNKS) return null;
    this.peak = Math.max(this.peak, score);
    if (score < this.threshold || atMs < this.quietUntilMs) return null;
    this.quietUntilMs = atMs + REFRACTORY_MS;
    return { score, atMs };
  }

  private async appendMel(): Promise<void> {
    const { melspectrogram } = this.sessions;
    const input = new ort.Tensor('float32', this.audio.slice(), [1, this.audio.length]);
    const output = await melspectrogram.run({ [melspectrogram.inputNames[0]!]: input });
    const values = output[melspectrogram.outputNames[0]!]!.data as Float32Array;
    const frames = values.length / MEL_BINS;
    for (let frame = 0; frame < frames; frame++) {
      const bins = new Float32Array(MEL_BINS);
      // openWakeWord's fixed scaling of the melspectrogram into the embedding model's range.
      for (let bin = 0; bin < MEL_BINS; bin++) bins[bin] = (values[frame * MEL_BINS + bin] as number) / 10 + 2;
      this.mel.push(bins);
    }
    if (this.mel.length > EMBEDDING_WINDOW_FRAMES) this.mel = this.mel.slice(-EMBEDDING_WINDOW_FRAMES);
  }

  private async embed(frames: Float32Array[]): Promise<Float32Array> {
    const { embedding } = this.sessions;
    const flat = new Float32Array(EMBEDDING_WINDOW_FRAMES * MEL_BINS);
    frames.forEach((frame, index) => flat.set(frame, index * MEL_BINS));
    const input = new ort.Tensor('float32', flat, [1, EMBEDDING_WINDOW_FRAMES, MEL_BINS, 1]);
    const output = await embedding.run({ [embedding.inputNames[0]!]: input });
    return Float32Array.from(output[embedding.outputNames[0]!]!.data as Float32Array);
  }

  private async classify(): Promise<number> {
    const { classifier } = this.sessions;
    const flat = new Float32Array(CLASSIFIER_WINDOW * EMBEDDING_SIZE);
    this.embeddings.forEach((embedding, index) => flat.set(embedding, index * EMBEDDING_SIZE));
    const input = new ort.Tensor('float32', flat, [1, CLASSIFIER_WINDOW, EMBEDDING_SIZE]);
    const output = await classifier.run({ [classifier.inputNames[0]!]: input });
    return (output[classifier.outputNames[0]!]!.data as Float32Array)[0] as number;
  }
}
