import { DEFAULT_SPEECH_THRESHOLD, endOfSpeechThreshold } from '../../../shared/vad-thresholds.ts';
import type { VadEvent, VoiceActivityDetector } from '../../ports/vad.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import { FRAME_SAMPLES } from './vad/audio-history.ts';
import { loadSileroSession, SileroFrameModel, sileroModelPath, type SileroModelVersion } from './vad/silero-model.ts';
import { SpeechSegmenter, type SegmenterOptions } from './vad/speech-segmenter.ts';

export interface SileroVadOptions extends Partial<SegmenterOptions> {
  /** Which model @ricky0123/vad-web ships; default 'v5'. */
  model?: SileroModelVersion;
  /** Another model file (v5/v6 inputs); overrides `model`. */
  modelPath?: string;
}

/**
 * Defaults, measured on espeak-ng speech (18 sentences x 3 speeds): pauses inside an utterance
 * (commas, between sentences) keep the model below the negative threshold for up to 320 ms at
 * 0.8x speed (224 ms at 1x), so 400 ms of silence ends speech; the gap the model sees between
 * two utterances 1 s apart is about 900 ms.
 */
export const DEFAULT_SILERO_VAD_OPTIONS: SegmenterOptions = {
  positiveThreshold: DEFAULT_SPEECH_THRESHOLD,
  negativeThreshold: endOfSpeechThreshold(DEFAULT_SPEECH_THRESHOLD),
  minSpeechMs: 250,
  minSilenceMs: 400,
  preSpeechPadMs: 200,
  postSpeechPadMs: 100,
  maxSpeechMs: 30_000,
  reportShortBursts: false,
  refineEdges: true,
};

/** The port plus end-of-stream: what a file reader needs to close speech that runs to the end. */
export interface SileroVad extends VoiceActivityDetector {
  /** Processes the buffered tail (padded with silence), closes open speech and starts a new stream. */
  flush(): Promise<VadEvent[]>;
}

/**
 * Silero VAD (v5 by default) through onnxruntime-node. Loads the model once per process (later
 * calls share the session); fails with AppError 'unavailable' when the model is missing. Push
 * 16 kHz mono PCM16 in chunks of any length; events carry stream times in ms since the last reset:
 * speech_started.atMs and speech_ended.startedAtMs are the onset of speech, speech_ended.atMs its
 * end (not when the end was decided, which is minSilenceMs later), and speech_ended.audio spans
 * onset - preSpeechPadMs .. end + postSpeechPadMs.
 */
export async function createSileroVad(options: SileroVadOptions = {}): Promise<SileroVad> {
  const { model, modelPath, ...segmenterOptions } = options;
  const session = await loadSileroSession(modelPath ?? sileroModelPath(model ?? 'v5'));
  const settings = { ...DEFAULT_SILERO_VAD_OPTIONS, ...definedOnly(segmenterOptions) };
  if (!(settings.negativeThreshold <= settings.positiveThreshold)) {
    throw new AppError('bad_request', `VAD negativeThreshold (${settings.negativeThreshold}) must not exceed positiveThreshold (${settings.positiveThreshold})`);
  }
  return new SileroVoiceActivityDetector(new SileroFrameModel(session), new SpeechSegmenter(settings));
}

class SileroVoiceActivityDetector implements SileroVad {
  readonly sampleRate = 16000 as const;
  private readonly model: SileroFrameModel;
  private readonly segmenter: SpeechSegmenter;
  private pending = new Int16Array(FRAME_SAMPLES);
  private pendingLength = 0;
  /** Pushes run one after another: the model's state follows the audio in order. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped by reset(): work started before it is discarded. */
  private generation = 0;

  constructor(model: SileroFrameModel, segmenter: SpeechSegmenter) {
    this.model = model;
    this.segmenter = segmenter;
  }

  push(samples: Int16Array): Promise<VadEvent[]> {
    const copy = samples.slice();
    return this.enqueue(() => this.process(copy, false));
  }

  flush(): Promise<VadEvent[]> {
    return this.enqueue(() => this.process(new Int16Array(0), true));
  }

  reset(): void {
    this.generation++;
    this.pendingLength = 0;
    this.model.reset();
    this.segmenter.reset();
  }

  private enqueue(work: () => Promise<VadEvent[]>): Promise<VadEvent[]> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async process(samples: Int16Array, final: boolean): Promise<VadEvent[]> {
    const generation = this.generation;
    const events: VadEvent[] = [];
    let offset = 0;
    try {
      while (offset < samples.length || (final && this.pendingLength > 0)) {
        const take = Math.min(FRAME_SAMPLES - this.pendingLength, samples.length - offset);
        this.pending.set(samples.subarray(offset, offset + take), this.pendingLength);
        this.pendingLength += take;
        offset += take;
        if (this.pendingLength < FRAME_SAMPLES) {
          if (!final) break;
          this.pending.fill(0, this.pendingLength);
        }
        const frame = this.pending;
        this.pending = new Int16Array(FRAME_SAMPLES);
        this.pendingLength = 0;
        const probability = await this.model.probability(frame);
        if (generation !== this.generation) return [];
        events.push(...this.segmenter.processFrame(frame, probability));
      }
    } catch (error) {
      if (generation !== this.generation) return [];
      this.reset();
      if (isAppError(error)) throw error;
      throw new AppError('internal', `Silero VAD inference failed: ${(error as Error).message}`, { retryable: true, cause: error });
    }
    if (final) {
      events.push(...this.segmenter.finish());
      this.model.reset();
    }
    return events;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
