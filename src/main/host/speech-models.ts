import type { Logger } from 'pino';
import type { SpeechModelView } from '../../shared/contract.ts';
import { ModelDownloader } from '../adapters/local-stt/model-downloader.ts';
import { SherpaOnnxStt } from '../adapters/local-stt/sherpa-onnx-stt.ts';
import { approximateModelBytes, SPEECH_MODELS, type SpeechModel } from '../adapters/local-stt/speech-model-catalog.ts';
import { AppError } from '../core/errors.ts';
import type { SpeechToText } from '../ports/stt.ts';

export interface SpeechModelsOptions {
  dataDir: string;
  /** Where the model files are fetched from (default: Hugging Face); a mirror or a test server. */
  baseUrl?: string;
  logger: Logger;
  /** A model's state changed (progress, done, failed, deleted): the host pushes it as an event. */
  onChange: (view: SpeechModelView) => void;
  /** A model became usable or went away: voice sessions pick it up between turns. */
  onInstalledChange?: (modelId: string) => void;
  catalog?: readonly SpeechModel[];
  fetch?: typeof fetch;
  now?: () => number;
}

export interface SpeechModels {
  list(): SpeechModelView[];
  /** Starts or resumes the download; a model already downloading is left to go on. */
  download(id: string): void;
  /** Stops the download, keeping its partial file. */
  cancel(id: string): void;
  /** Stops any download and removes the model's files. */
  remove(id: string): Promise<void>;
  /** Speech to text with the model, loaded once and kept; null when it is not (fully) downloaded. */
  sttFor(id: string): SpeechToText | null;
  /** Ends every download (their partial files stay). */
  close(): void;
}

interface Job {
  controller: AbortController;
  downloadedBytes: number;
  totalBytes: number;
  done: Promise<void>;
}

/** The local speech models: what is downloaded, one download at a time per model, and their recognizers. */
export function createSpeechModels(options: SpeechModelsOptions): SpeechModels {
  const catalog = options.catalog ?? SPEECH_MODELS;
  const downloader = new ModelDownloader({
    dataDir: options.dataDir,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const jobs = new Map<string, Job>();
  const failures = new Map<string, string>();
  const recognizers = new Map<string, SherpaOnnxStt>();

  const modelOf = (id: string): SpeechModel => {
    const model = catalog.find((entry) => entry.id === id);
    if (!model) throw new AppError('not_found', `no speech model ${id} (there are: ${catalog.map((entry) => entry.id).join(', ')})`);
    return model;
  };

  function view(model: SpeechModel): SpeechModelView {
    const base = { id: model.id, label: model.label, languages: [...model.languages], multilingual: model.multilingual, sizeBytes: approximateModelBytes(model) };
    const job = jobs.get(model.id);
    if (job) return { ...base, state: 'downloading', downloadedBytes: job.downloadedBytes, totalBytes: job.totalBytes, error: null };
    const installed = downloader.installed(model);
    const onDisk = downloader.downloadedBytes(model);
    if (installed) return { ...base, state: 'ready', downloadedBytes: onDisk, totalBytes: onDisk, error: null };
    const error = failures.get(model.id) ?? null;
    return { ...base, state: error ? 'failed' : 'not-downloaded', downloadedBytes: onDisk, totalBytes: Math.max(onDisk, base.sizeBytes), error };
  }

  const changed = (model: SpeechModel) => options.onChange(view(model));
  /** Models being deleted: a download of one waits for the delete to finish. */
  const removing = new Set<string>();

  function start(model: SpeechModel): Job {
    const controller = new AbortController();
    const job: Job = { controller, downloadedBytes: 0, totalBytes: approximateModelBytes(model), done: Promise.resolve() };
    jobs.set(model.id, job);
    failures.delete(model.id);
    options.logger.info({ code: 'speech_model_download', model: model.id }, `downloading speech model ${model.id}`);
    job.done = downloader
      .download(model, {
        signal: controller.signal,
        onProgress: (progress) => {
          job.downloadedBytes = progress.downloadedBytes;
          job.totalBytes = progress.totalBytes;
          if (jobs.get(model.id) === job) changed(model);
        },
      })
      .then(
        () => {
          options.logger.info({ code: 'speech_model_ready', model: model.id }, `speech model ${model.id} downloaded and verified`);
          return true;
        },
        (error: unknown) => {
          if (controller.signal.aborted) {
            options.logger.info({ code: 'speech_model_cancelled', model: model.id }, `download of speech model ${model.id} cancelled`);
          } else {
            const message = error instanceof Error ? error.message : String(error);
            failures.set(model.id, message);
            options.logger.warn({ code: 'speech_model_failed', model: model.id, err: error }, message);
          }
          return false;
        },
      )
      .then((ready) => {
        if (jobs.get(model.id) === job) jobs.delete(model.id);
        changed(model);
        if (ready) options.onInstalledChange?.(model.id);
      })
      // A listener that throws must not become an unhandled rejection (it would end the process).
      .catch((error: unknown) => options.logger.error({ code: 'speech_model_listener_failed', model: model.id, err: error }, 'a speech model listener failed'));
    changed(model);
    return job;
  }

  return {
    list: () => catalog.map(view),
    download(id) {
      const model = modelOf(id);
      if (removing.has(id)) throw new AppError('unavailable', `${model.label} is being deleted; download it again once that is done`, { retryable: true });
      if (!jobs.has(id)) start(model);
    },
    cancel(id) {
      modelOf(id);
      jobs.get(id)?.controller.abort();
    },
    async remove(id) {
      const model = modelOf(id);
      if (removing.has(id)) return;
      removing.add(id);
      try {
        const job = jobs.get(id);
        if (job) {
          job.controller.abort();
          await job.done;
        }
        recognizers.delete(id);
        failures.delete(id);
        await downloader.remove(model);
      } finally {
        removing.delete(id);
      }
      options.logger.info({ code: 'speech_model_deleted', model: id }, `speech model ${id} deleted`);
      changed(model);
      options.onInstalledChange?.(id);
    },
    sttFor(id) {
      const model = catalog.find((entry) => entry.id === id);
      const installed = model && !jobs.has(id) ? downloader.installed(model) : null;
      if (!installed) {
        recognizers.delete(id);
        return null;
      }
      let stt = recognizers.get(id);
      if (!stt) {
        stt = new SherpaOnnxStt({ installed });
        recognizers.set(id, stt);
      }
      return stt;
    },
    close() {
      for (const job of jobs.values()) job.controller.abort();
    },
  };
}
