// The speech-to-text models the app offers to download: sherpa-onnx exports of Whisper on Hugging
// Face, each file fetched on its own from `<base>/<repo>/resolve/<revision>/<file>`.
//
// Checksums: a `sha256` here is pinned (it was read from the file's Git LFS pointer at that
// revision). Where none is pinned, the downloader checks the file against the checksum the server
// declares for it (Hugging Face sends an LFS file's sha256 as X-Linked-Etag, and a small file's git
// blob id as its ETag) and against the declared size. Sizes here are approximate (for the list and
// the disk-space estimate); the exact size comes from the server.

export const DEFAULT_SPEECH_MODEL_BASE_URL = 'https://huggingface.co';

export interface SpeechModelFile {
  /** The file's name in the repository and on disk. */
  name: string;
  /** About this many bytes (Hugging Face lists sizes rounded to three figures). */
  sizeBytes: number;
  /** Pinned sha256 of the file at the model's revision; absent: the server's declared checksum is used. */
  sha256?: string;
}

/** Which of sherpa-onnx's offline model configs the files fill in (names of files in `files`). */
export interface WhisperEngineConfig {
  kind: 'whisper';
  encoder: string;
  decoder: string;
  tokens: string;
  /** '' lets a multilingual model detect the language; an English-only model ignores it. */
  language: string;
}

export interface SpeechModel {
  id: string;
  label: string;
  /** ISO 639-1 codes the model transcribes; `multilingual` models detect the language. */
  languages: readonly string[];
  multilingual: boolean;
  /** Hugging Face repository and the revision (a commit, or a branch) the files are fetched at. */
  repo: string;
  revision: string;
  files: readonly SpeechModelFile[];
  engine: WhisperEngineConfig;
}

const MB = 1_000_000;

/** Whisper's languages the rest of the app speaks; the multilingual model knows about 100. */
const APP_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;

export const SPEECH_MODELS: readonly SpeechModel[] = [
  {
    id: 'whisper-tiny-en',
    label: 'Whisper tiny (English)',
    languages: ['en'],
    multilingual: false,
    repo: 'csukuangfj/sherpa-onnx-whisper-tiny.en',
    revision: 'main',
    files: [
      { name: 'tiny.en-encoder.int8.onnx', sizeBytes: 12.9 * MB },
      { name: 'tiny.en-decoder.int8.onnx', sizeBytes: 89.9 * MB },
      { name: 'tiny.en-tokens.txt', sizeBytes: 0.836 * MB },
    ],
    engine: { kind: 'whisper', encoder: 'tiny.en-encoder.int8.onnx', decoder: 'tiny.en-decoder.int8.onnx', tokens: 'tiny.en-tokens.txt', language: '' },
  },
  {
    id: 'whisper-base-en',
    label: 'Whisper base (English, more accurate)',
    languages: ['en'],
    multilingual: false,
    repo: 'csukuangfj/sherpa-onnx-whisper-base.en',
    revision: 'main',
    files: [
      { name: 'base.en-encoder.int8.onnx', sizeBytes: 29.1 * MB },
      { name: 'base.en-decoder.int8.onnx', sizeBytes: 131 * MB },
      { name: 'base.en-tokens.txt', sizeBytes: 0.836 * MB },
    ],
    engine: { kind: 'whisper', encoder: 'base.en-encoder.int8.onnx', decoder: 'base.en-decoder.int8.onnx', tokens: 'base.en-tokens.txt', language: '' },
  },
  {
    id: 'whisper-tiny',
    label: 'Whisper tiny (multilingual)',
    languages: [...APP_LANGUAGES],
    multilingual: true,
    repo: 'csukuangfj/sherpa-onnx-whisper-tiny',
    // The "upload tiny" commit of December 2023; later commits replaced the int8 files.
    revision: '18e7b4cce9526312a66981ec3af7b9446b70db66',
    files: [
      { name: 'tiny-encoder.int8.onnx', sizeBytes: 12.9 * MB, sha256: 'dd5531121627e7e184a6b8f6a6e353edf39b40e328032dfdc146b5a359a3e3d0' },
      { name: 'tiny-decoder.int8.onnx', sizeBytes: 89.9 * MB },
      { name: 'tiny-tokens.txt', sizeBytes: 0.817 * MB },
    ],
    engine: { kind: 'whisper', encoder: 'tiny-encoder.int8.onnx', decoder: 'tiny-decoder.int8.onnx', tokens: 'tiny-tokens.txt', language: '' },
  },
];

export const findSpeechModel = (id: string): SpeechModel | undefined => SPEECH_MODELS.find((model) => model.id === id);

export const approximateModelBytes = (model: SpeechModel): number => model.files.reduce((sum, file) => sum + file.sizeBytes, 0);

/** `https://huggingface.co/<repo>/resolve/<revision>/<file>` under the given base. */
export function speechModelFileUrl(baseUrl: string, model: SpeechModel, file: SpeechModelFile): string {
  const base = baseUrl.replace(/\/+$/, '');
  const path = [...model.repo.split('/'), 'resolve', model.revision, file.name].map(encodeURIComponent).join('/');
  return `${base}/${path}`;
}
