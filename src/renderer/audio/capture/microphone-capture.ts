/// <reference path="./worklet-modules.d.ts" />
import { FRAME_SAMPLES, PCM_CAPTURE_PROCESSOR } from './pcm-frames.ts';
import workletUrl from './pcm-capture.worklet.ts?worker&url';

export type CaptureOptions = {
  /** null: the system's default input. */
  deviceId: string | null;
  /** On by default so the assistant's own voice does not interrupt it. */
  echoCancellation?: boolean;
  noiseSuppression?: boolean;
  autoGainControl?: boolean;
  /** 20 ms of 16 kHz mono PCM16 (FRAME_SAMPLES), in order. */
  onFrame(frame: Int16Array): void;
  /** The device went away (unplugged, revoked) while capturing. */
  onEnded(): void;
};

export type MicrophoneCapture = {
  /** The live stream, shared with the VAD so both hear the same microphone. */
  readonly stream: MediaStream;
  readonly audioContext: AudioContext;
  /** The device actually opened (the default's real id once permission is given). */
  readonly deviceId: string | null;
  readonly inputSampleRate: number;
  stop(): Promise<void>;
};

export type CaptureFailure = 'denied' | 'no_device' | 'busy' | 'unsupported' | 'failed';

/** Why getUserMedia (or the audio graph) refused, in words the panel can act on. */
export class CaptureError extends Error {
  readonly reason: CaptureFailure;
  constructor(reason: CaptureFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CaptureError';
    this.reason = reason;
  }
}

/** Opens the microphone and streams 16 kHz PCM16 frames from an AudioWorklet. Call from a user gesture. */
export async function startMicrophoneCapture(options: CaptureOptions): Promise<MicrophoneCapture> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CaptureError('unsupported', 'This page cannot use a microphone (it needs a secure context such as localhost).');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
        channelCount: 1,
        echoCancellation: options.echoCancellation ?? true,
        noiseSuppression: options.noiseSuppression ?? true,
        autoGainControl: options.autoGainControl ?? true,
      },
    });
  } catch (error) {
    throw captureErrorOf(error);
  }
  const track = stream.getAudioTracks()[0];
  if (!track) {
    stream.getTracks().forEach((t) => t.stop());
    throw new CaptureError('no_device', 'No microphone was found.');
  }

  const audioContext = new AudioContext();
  try {
    await audioContext.audioWorklet.addModule(workletUrl);
    const source = new MediaStreamAudioSourceNode(audioContext, { mediaStream: stream });
    const node = new AudioWorkletNode(audioContext, PCM_CAPTURE_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
    });
    node.port.onmessage = (event: MessageEvent<Int16Array>) => {
      if (event.data.length === FRAME_SAMPLES) options.onFrame(event.data);
    };
    source.connect(node);
    if (audioContext.state === 'suspended') await audioContext.resume();

    let stopped = false;
    track.addEventListener('ended', () => {
      if (!stopped) options.onEnded();
    });
    return {
      stream,
      audioContext,
      deviceId: track.getSettings().deviceId ?? options.deviceId,
      inputSampleRate: audioContext.sampleRate,
      async stop() {
        if (stopped) return;
        stopped = true;
        node.port.postMessage('stop');
        source.disconnect();
        stream.getTracks().forEach((t) => t.stop());
        await audioContext.close();
      },
    };
  } catch (error) {
    stream.getTracks().forEach((t) => t.stop());
    await audioContext.close().catch(() => {});
    throw new CaptureError('failed', `The microphone could not be started: ${messageOf(error)}`, { cause: error });
  }
}

export function captureErrorOf(error: unknown): CaptureError {
  if (error instanceof CaptureError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CaptureError('denied', 'Microphone access was denied.', { cause: error });
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new CaptureError('no_device', 'No microphone was found.', { cause: error });
    case 'NotReadableError':
    case 'AbortError':
      return new CaptureError('busy', 'The microphone is in use by another application or could not be read.', { cause: error });
    default:
      return new CaptureError('failed', `The microphone could not be started: ${messageOf(error)}`, { cause: error });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
