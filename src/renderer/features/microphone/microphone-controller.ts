import type { CaptureOptions, MicrophoneCapture } from '../../audio/capture/microphone-capture.ts';
import { captureErrorOf } from '../../audio/capture/microphone-capture.ts';
import { createFrameBatcher, FRAMES_PER_BATCH, rmsDbfs, SILENCE_DBFS } from '../../audio/capture/pcm-frames.ts';
import type { SpeechDetector, SpeechDetectorOptions } from '../../audio/capture/speech-detector.ts';
import {
  DEFAULT_DEVICE,
  effectiveDevice,
  loadDeviceChoice,
  microphoneOptions,
  saveDeviceChoice,
  type DeviceLike,
} from './device-choice.ts';
import { problemMessage } from './microphone-messages.ts';
import type { MicrophoneStore } from './microphone-store.ts';

/** What barge-in stops: the playback (src/renderer/state/voice-*.ts). */
export type BargeInTarget = {
  isPlaying(): boolean;
  /** Stops playback at once and tells main; `atMs` is performance.now() of the speech start. */
  interruptPlayback(atMs: number): void;
};

export type AudioProcessing = Pick<CaptureOptions, 'echoCancellation' | 'noiseSuppression' | 'autoGainControl'>;

export type MicrophoneDeps = {
  store: MicrophoneStore;
  startCapture(options: CaptureOptions): Promise<MicrophoneCapture>;
  startDetector(options: SpeechDetectorOptions): Promise<SpeechDetector>;
  listDevices(): Promise<DeviceLike[]>;
  /** One batch of 16 kHz PCM16 for this window's session; resolves to an error message or null. */
  sendAudio(pcm: Int16Array): Promise<string | null>;
  playback: BargeInTarget;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  now(): number;
  /** Read at each start; settings may turn these off. */
  processing?(): AudioProcessing;
};

export type MicrophoneController = {
  refreshDevices(): Promise<void>;
  selectDevice(deviceId: string): Promise<void>;
  /** Must run from a user gesture (the AudioContext may not start otherwise). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends the frames waiting for a full batch now (e.g. before a push-to-talk release). */
  flush(): void;
};

export function createMicrophoneController(deps: MicrophoneDeps): MicrophoneController {
  const { store } = deps;
  const set = store.setState;
  let capture: MicrophoneCapture | null = null;
  let detector: SpeechDetector | null = null;
  // Each start gets a number; work finishing for an older one is undone instead of kept.
  let generation = 0;
  set({ deviceId: loadDeviceChoice(deps.storage) });

  let loudest = SILENCE_DBFS;
  let framesInBatch = 0;
  const batcher = createFrameBatcher(FRAMES_PER_BATCH, (pcm) => {
    set((s) => ({ batchesSent: s.batchesSent + 1 }));
    void deps.sendAudio(pcm).then((error) => {
      if (error !== store.getState().sendError) set({ sendError: error });
    });
  });

  function onFrame(frame: Int16Array): void {
    loudest = Math.max(loudest, rmsDbfs(frame));
    batcher.push(frame);
    if (++framesInBatch >= FRAMES_PER_BATCH) {
      set({ levelDbfs: loudest });
      loudest = SILENCE_DBFS;
      framesInBatch = 0;
    }
  }

  function onSpeechStart(): void {
    const at = deps.now();
    if (!deps.playback.isPlaying()) {
      set((s) => ({ speaking: true, speechStarts: s.speechStarts + 1 }));
      return;
    }
    deps.playback.interruptPlayback(at);
    const stopMs = deps.now() - at;
    set((s) => ({ speaking: true, speechStarts: s.speechStarts + 1, bargeIns: s.bargeIns + 1, lastBargeInStopMs: stopMs }));
  }

  async function teardown(): Promise<void> {
    const [oldDetector, oldCapture] = [detector, capture];
    detector = null;
    capture = null;
    batcher.flush();
    await oldDetector?.destroy().catch(() => {});
    await oldCapture?.stop().catch(() => {});
    loudest = SILENCE_DBFS;
    framesInBatch = 0;
    set({ levelDbfs: SILENCE_DBFS, speaking: false, detector: 'off' });
  }

  async function refreshDevices(): Promise<void> {
    try {
      const options = microphoneOptions(await deps.listDevices());
      set({ devices: options });
    } catch {
      // Listing is a convenience; the default device still works.
    }
  }

  async function start(): Promise<void> {
    if (store.getState().status !== 'off') return;
    const mine = ++generation;
    set({ status: 'starting', problem: null, sendError: null });
    const chosen = store.getState().deviceId;
    let opened: MicrophoneCapture;
    try {
      opened = await deps.startCapture({
        deviceId: chosen === DEFAULT_DEVICE ? null : chosen,
        ...deps.processing?.(),
        onFrame: (frame) => {
          if (capture === opened) onFrame(frame);
        },
        onEnded: () => {
          if (capture !== opened) return;
          void teardown().then(() => {
            set({ status: 'off', problem: { kind: 'device_lost', message: problemMessage('device_lost') } });
            void refreshDevices();
          });
        },
      });
    } catch (error) {
      const failure = captureErrorOf(error);
      if (mine === generation) set({ status: 'off', problem: { kind: failure.reason, message: problemMessage(failure.reason, failure.message) } });
      return;
    }
    if (mine !== generation) {
      await opened.stop();
      return;
    }
    capture = opened;
    set({ status: 'on' });
    // Labels appear once permission is given.
    await refreshDevices();

    set({ detector: 'loading', detectorError: null });
    try {
      const started = await deps.startDetector({
        stream: opened.stream,
        audioContext: opened.audioContext,
        onSpeechStart,
        onSpeechEnd: () => set({ speaking: false }),
      });
      if (capture !== opened) {
        await started.destroy();
        return;
      }
      detector = started;
      set({ detector: 'on' });
    } catch (error) {
      if (capture === opened) set({ detector: 'failed', detectorError: error instanceof Error ? error.message : String(error) });
    }
  }

  async function stop(): Promise<void> {
    generation++;
    await teardown();
    set({ status: 'off' });
  }

  return {
    refreshDevices,
    async selectDevice(deviceId) {
      const value = effectiveDevice(store.getState().devices, deviceId);
      saveDeviceChoice(deps.storage, value);
      set({ deviceId: value });
      if (store.getState().status === 'on') {
        await stop();
        await start();
      }
    },
    start,
    stop,
    flush: () => batcher.flush(),
  };
}
