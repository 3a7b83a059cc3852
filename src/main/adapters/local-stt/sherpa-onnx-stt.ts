import { stat } from 'node:fs/promises';
import type { OfflineRecognizer, OfflineRecognizerConfig } from 'sherpa-onnx-node';
import { AppError } from '../../core/errors.ts';
import type { SpeechToText, TranscribeRequest, Transcript } from '../../ports/stt.ts';
import { assertSupportedSampleRate, pcm16ToFloat32 } from '../audio/pcm.ts';
import { resamplePcm } from '../audio/resample.ts';
import type { InstalledModel } from './model-downloader.ts';

type SherpaBinding = { OfflineRecognizer: typeof OfflineRecognizer };

export interface SherpaOnnxSttOptions {
  installed: InstalledModel;
  /** CPU threads for one decode; default 2 (these machines have few cores, and the host keeps working). */
  numThreads?: number;
  /** The native binding, loaded on first use (tests may hand in another). */
  loadBinding?: () => Promise<SherpaBinding>;
}

/** What Whisper and the feature extractor take. */
const MODEL_RATE = 16_000;

// CommonJS: Node's import gives module.exports as `default`; a bundle's require-style interop may give it directly.
const loadSherpa = async (): Promise<SherpaBinding> => {
  const imported = (await import('sherpa-onnx-node')) as unknown as { default?: SherpaBinding } & SherpaBinding;
  return imported.default ?? imported;
};

/**
 * The SpeechToText port over sherpa-onnx (offline, no key, no server) for a downloaded model. The
 * recognizer is loaded once, on first use, on a worker thread (`createAsync`: the synchronous
 * constructor aborts the whole process on a damaged model file); each utterance is decoded on a
 * worker thread too (`decodeAsync`), one at a time.
 */
export class SherpaOnnxStt implements SpeechToText {
  readonly provider = 'sherpa-onnx';
  readonly modelId: string;
  private readonly options: SherpaOnnxSttOptions;
  private recognizer: Promise<OfflineRecognizer> | null = null;
  /** Decodes run one after another: the binding does not promise a recognizer is safe across threads. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SherpaOnnxSttOptions) {
    this.options = options;
    this.modelId = options.installed.model.id;
  }

  /** Loads the model now (the first utterance then does not wait for it); a failure is for transcribe to report. */
  async warmUp(): Promise<void> {
    await this.load().catch(() => {});
  }

  private load(): Promise<OfflineRecognizer> {
    this.recognizer ??= this.createRecognizer().catch((error: unknown) => {
      // A later call tries again (the files may have been downloaded again meanwhile).
      this.recognizer = null;
      throw error;
    });
    return this.recognizer;
  }

  private async createRecognizer(): Promise<OfflineRecognizer> {
    const { model, path } = this.options.installed;
    const { engine } = model;
    const files = { encoder: path(engine.encoder), decoder: path(engine.decoder), tokens: path(engine.tokens) };
    for (const file of Object.values(files)) {
      // The binding only prints which file is missing (on stderr) and throws "Please check your config!".
      const present = await stat(file).then((stats) => stats.isFile(), () => false);
      if (!present) throw new AppError('unavailable', `The speech model ${model.label} is incomplete: ${file} is missing. Download it again in Settings.`);
    }
    let binding: SherpaBinding;
    try {
      binding = await (this.options.loadBinding ?? loadSherpa)();
    } catch (error) {
      const reason = ((error as Error)?.message ?? String(error)).split('\n')[0];
      throw new AppError('unavailable', `The local speech recognizer (sherpa-onnx) cannot run here: ${reason}`, { cause: error });
    }
    const config: OfflineRecognizerConfig = {
      featConfig: { sampleRate: MODEL_RATE, featureDim: 80 },
      modelConfig: {
        whisper: { encoder: files.encoder, decoder: files.decoder, language: engine.language, task: 'transcribe' },
        tokens: files.tokens,
        numThreads: this.options.numThreads ?? 2,
        provider: 'cpu',
        debug: false,
      },
    };
    try {
      return await binding.OfflineRecognizer.createAsync(config);
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      throw new AppError('unavailable', `Could not load the speech model ${model.label}: ${reason}. Delete it and download it again in Settings.`, { cause: error });
    }
  }

  async transcribe(request: TranscribeRequest): Promise<Transcript> {
    const { audio, signal } = request;
    const hint = request.language ? primaryLanguage(request.language) : null;
    if (audio.samples.length === 0) return { text: '', language: hint };
    assertSupportedSampleRate(audio.sampleRate);
    const what = `${this.options.installed.model.label} transcription`;
    if (signal?.aborted) throw new AppError('unavailable', `${what} was cancelled`);

    const recognizer = await this.load();
    const samples = pcm16ToFloat32(audio.sampleRate === MODEL_RATE ? audio.samples : resamplePcm(audio, MODEL_RATE).samples);
    const decoding = this.queue.then(async () => {
      if (signal?.aborted) throw new AppError('unavailable', `${what} was cancelled`);
      const stream = recognizer.createStream();
      stream.acceptWaveform({ samples, sampleRate: MODEL_RATE });
      return recognizer.decodeAsync(stream);
    });
    this.queue = decoding.catch(() => {});
    let result: Awaited<typeof decoding>;
    try {
      result = await decoding;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('unavailable', `${what} failed: ${(error as Error)?.message ?? String(error)}`, { retryable: true, cause: error });
    }
    // The native decode cannot be stopped; a cancelled run's transcript is dropped here.
    if (signal?.aborted) throw new AppError('unavailable', `${what} was cancelled`);
    const { model } = this.options.installed;
    const detected = languageOf(result.lang);
    return { text: result.text.trim(), language: model.multilingual ? (detected ?? hint) : (model.languages[0] ?? hint) };
  }
}

const primaryLanguage = (tag: string) => tag.trim().split(/[-_]/)[0]!.toLowerCase();

/** "<|fr|>" or "fr" -> "fr"; null when the model said nothing. */
function languageOf(reported: string | undefined): string | null {
  const code = (reported ?? '').replace(/[<|>]/g, '').trim().toLowerCase();
  return /^[a-z]{2,3}$/.test(code) ? code : null;
}
