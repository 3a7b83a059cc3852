// Types for the parts of sherpa-onnx-node (CommonJS with JSDoc, no .d.ts of its own) that
// sherpa-onnx-stt.ts uses; see node_modules/sherpa-onnx-node/non-streaming-asr.js and types.js.
declare module 'sherpa-onnx-node' {
  export interface OfflineWhisperModelConfig {
    encoder: string;
    decoder: string;
    /** '' detects the language (multilingual models). */
    language?: string;
    task?: 'transcribe' | 'translate';
    tailPaddings?: number;
  }

  export interface OfflineRecognizerConfig {
    featConfig: { sampleRate: number; featureDim: number };
    modelConfig: {
      whisper?: OfflineWhisperModelConfig;
      tokens: string;
      numThreads?: number;
      provider?: 'cpu';
      debug?: boolean | number;
    };
  }

  export interface OfflineRecognizerResult {
    text: string;
    /** e.g. "<|en|>" or "en" for Whisper, "" when the model does not say. */
    lang: string;
  }

  export interface OfflineStream {
    acceptWaveform(wave: { samples: Float32Array; sampleRate: number }): void;
  }

  export class OfflineRecognizer {
    /** Loads on a worker thread; rejects (never aborts the process) on a bad model file. */
    static createAsync(config: OfflineRecognizerConfig): Promise<OfflineRecognizer>;
    /** Synchronous; a corrupt model file aborts the whole process (an uncaught C++ exception). */
    constructor(config: OfflineRecognizerConfig);
    createStream(): OfflineStream;
    decode(stream: OfflineStream): void;
    decodeAsync(stream: OfflineStream): Promise<OfflineRecognizerResult>;
    getResult(stream: OfflineStream): OfflineRecognizerResult;
  }

  const sherpa: { OfflineRecognizer: typeof OfflineRecognizer; version: string };
  export default sherpa;
}
