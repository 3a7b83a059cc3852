// Pure helpers for the captured audio: float -> PCM16 frames, batches for the contract, levels.

/** The AudioWorkletProcessor's registered name. */
export const PCM_CAPTURE_PROCESSOR = 'pcm-capture';
/** 20 ms at 16 kHz: what the worklet posts to the page. */
export const FRAME_SAMPLES = 320;
/** 100 ms per `voiceAudio` request: 10 requests a second, well under the 1 s message limit. */
export const FRAMES_PER_BATCH = 5;
/** The meter's floor, dBFS; digital silence reads as this rather than -Infinity. */
export const SILENCE_DBFS = -100;

/** Clamped, rounded PCM16 of a float sample in [-1, 1]. */
export function toPcm16(sample: number): number {
  const clamped = sample <= -1 ? -1 : sample >= 1 ? 1 : sample;
  return Math.round(clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff);
}

export type FrameAssembler = {
  /** Appends `count` samples of `input`; calls `onFrame` for every frame completed (a fresh array it may keep). */
  push(input: Float32Array, count?: number): void;
};

export function createFrameAssembler(frameSamples: number, onFrame: (frame: Int16Array) => void): FrameAssembler {
  let frame = new Int16Array(frameSamples);
  let filled = 0;
  return {
    push(input, count = input.length) {
      for (let i = 0; i < count; i++) {
        frame[filled++] = toPcm16(input[i] as number);
        if (filled === frameSamples) {
          onFrame(frame);
          frame = new Int16Array(frameSamples);
          filled = 0;
        }
      }
    },
  };
}

export type FrameBatcher = {
  push(frame: Int16Array): void;
  /** Sends what is pending now (e.g. when the microphone stops). */
  flush(): void;
};

/** Joins frames into batches of `framesPerBatch` and hands each one to `send`. */
export function createFrameBatcher(framesPerBatch: number, send: (pcm: Int16Array) => void): FrameBatcher {
  let pending: Int16Array[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const total = pending.reduce((sum, frame) => sum + frame.length, 0);
    const batch = new Int16Array(total);
    let offset = 0;
    for (const frame of pending) {
      batch.set(frame, offset);
      offset += frame.length;
    }
    pending = [];
    send(batch);
  };
  return {
    push(frame) {
      pending.push(frame);
      if (pending.length >= framesPerBatch) flush();
    },
    flush,
  };
}

/** The samples as little-endian bytes, whatever the platform's byte order. */
export function pcm16ToLeBytes(samples: Int16Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] as number, true);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** RMS level of PCM16 samples in dBFS (a full-scale square wave is 0, a full-scale sine -3). */
export function rmsDbfs(samples: Int16Array): number {
  if (samples.length === 0) return SILENCE_DBFS;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = (samples[i] as number) / 0x8000;
    sum += value * value;
  }
  const rms = Math.sqrt(sum / samples.length);
  return rms === 0 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 20 * Math.log10(rms));
}

/** Position of a level on a meter running from `floorDbfs` to 0 dBFS, in [0, 1]. */
export function meterFraction(dbfs: number, floorDbfs = -60): number {
  if (!(dbfs > floorDbfs)) return 0;
  return Math.min(1, (dbfs - floorDbfs) / -floorDbfs);
}
