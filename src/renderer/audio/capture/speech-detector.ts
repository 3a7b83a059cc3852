import { DEFAULT_SPEECH_THRESHOLD, endOfSpeechThreshold } from '../../../shared/vad-thresholds.ts';
import { MicVAD } from '@ricky0123/vad-web';

// Silero VAD (v5) in the page, on the microphone's own stream, for barge-in only: in hands-free
// mode the main process runs its own VAD over the frames it receives and opens and closes turns
// there. This one exists to stop the assistant's playback the moment the user speaks, without
// waiting for main to hear it and answer.

/** Where the build copies vad-web's worklet and models and onnxruntime-web's WASM (see electron.vite.config.ts). */
export const VAD_ASSET_DIR = 'vad/';

export type SpeechDetectorOptions = {
  stream: MediaStream;
  audioContext: AudioContext;
  onSpeechStart(): void;
  onSpeechEnd?(): void;
  /** Speech probability of each 32 ms frame, for diagnostics. */
  onProbability?(probability: number): void;
  /** Probability that counts as speech (Settings › thresholds); 0.5 when absent. */
  speechThreshold?: number | null;
};


export type SpeechDetector = { destroy(): Promise<void> };

/** The assets' absolute URL: onnxruntime resolves relative paths against its own script, not the page. */
export function vadAssetBase(documentUrl: string): string {
  return new URL(VAD_ASSET_DIR, documentUrl).href;
}

export async function startSpeechDetector(options: SpeechDetectorOptions): Promise<SpeechDetector> {
  const base = vadAssetBase(document.baseURI);
  const threshold = options.speechThreshold ?? DEFAULT_SPEECH_THRESHOLD;
  const vad = await MicVAD.new({
    model: 'v5',
    baseAssetPath: base,
    onnxWASMBasePath: base,
    audioContext: options.audioContext,
    // The capture owns the stream: the VAD must neither open another nor stop this one.
    getStream: async () => options.stream,
    pauseStream: async () => {},
    resumeStream: async () => options.stream,
    startOnLoad: true,
    processorType: 'AudioWorklet',
    // Barge-in wants the start quickly; two 32 ms frames over the threshold keep a click from counting.
    positiveSpeechThreshold: threshold,
    negativeSpeechThreshold: endOfSpeechThreshold(threshold),
    minSpeechMs: 64,
    redemptionMs: 400,
    onSpeechRealStart: () => options.onSpeechStart(),
    onSpeechEnd: () => options.onSpeechEnd?.(),
    onFrameProcessed: (probabilities) => options.onProbability?.(probabilities.isSpeech),
    ortConfig: (ort) => {
      ort.env.logLevel = 'error';
      // No cross-origin isolation here, so no SharedArrayBuffer: one thread, no proxy worker.
      ort.env.wasm.numThreads = 1;
    },
  });
  return { destroy: () => vad.destroy() };
}
