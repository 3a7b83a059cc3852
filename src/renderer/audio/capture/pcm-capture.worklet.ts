// AudioWorklet: the device's samples (first channel) -> 16 kHz PCM16 frames of FRAME_SAMPLES,
// posted to the page as transferred ArrayBuffers. Bundled on its own by Vite (`?worker&url`).
import { createFrameAssembler, FRAME_SAMPLES, PCM_CAPTURE_PROCESSOR } from './pcm-frames.ts';
import { createResampler } from './resampler.ts';

// The AudioWorkletGlobalScope's globals; lib.dom does not describe them.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new (options?: unknown) => AudioWorkletProcessor): void;

class PcmCaptureProcessor extends AudioWorkletProcessor {
  private readonly resampler = createResampler(sampleRate);
  private output = new Float32Array(this.resampler.maxOutputFor(128));
  private readonly frames = createFrameAssembler(FRAME_SAMPLES, (frame) => {
    this.port.postMessage(frame, [frame.buffer]);
  });
  private running = true;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent) => {
      if (event.data === 'stop') this.running = false;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    // No input connected (yet, or any more): nothing to convert this quantum.
    if (!channel) return this.running;
    if (this.output.length < this.resampler.maxOutputFor(channel.length)) {
      this.output = new Float32Array(this.resampler.maxOutputFor(channel.length));
    }
    const produced = this.resampler.process(channel, this.output);
    this.frames.push(this.output, produced);
    return this.running;
  }
}

registerProcessor(PCM_CAPTURE_PROCESSOR, PcmCaptureProcessor);
