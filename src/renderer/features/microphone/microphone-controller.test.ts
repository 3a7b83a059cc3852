import { describe, expect, it } from 'vitest';
import type { CaptureOptions, MicrophoneCapture } from '../../audio/capture/microphone-capture.ts';
import { CaptureError } from '../../audio/capture/microphone-capture.ts';
import { FRAME_SAMPLES } from '../../audio/capture/pcm-frames.ts';
import type { SpeechDetectorOptions } from '../../audio/capture/speech-detector.ts';
import { MICROPHONE_CHOICE_KEY } from './device-choice.ts';
import { createMicrophoneController, type MicrophoneDeps } from './microphone-controller.ts';
import { createMicrophoneStore } from './microphone-store.ts';

// The controller on fakes of the browser's microphone, VAD and playback: what it sends, shows
// and interrupts. The real capture and VAD run in Chromium (e2e/microphone.spec.ts).

function setup(overrides: Partial<MicrophoneDeps> = {}) {
  const store = createMicrophoneStore();
  const sent: Int16Array[] = [];
  const interrupts: number[] = [];
  const items = new Map<string, string>();
  let capture: CaptureOptions | null = null;
  let detector: SpeechDetectorOptions | null = null;
  let stopped = 0;
  let destroyed = 0;
  let playing = false;
  let clock = 1000;
  const deps: MicrophoneDeps = {
    store,
    async startCapture(options) {
      capture = options;
      return {
        stream: {} as MediaStream,
        audioContext: {} as AudioContext,
        deviceId: options.deviceId,
        inputSampleRate: 48000,
        stop: async () => void stopped++,
      } satisfies MicrophoneCapture;
    },
    async startDetector(options) {
      detector = options;
      return { destroy: async () => void destroyed++ };
    },
    listDevices: async () => [
      { deviceId: 'default', kind: 'audioinput', label: 'Default' },
      { deviceId: 'usb', kind: 'audioinput', label: 'USB Mic' },
    ],
    sendAudio: async (pcm) => {
      sent.push(pcm);
      return null;
    },
    playback: {
      isPlaying: () => playing,
      interruptPlayback: (at) => {
        interrupts.push(at);
        clock += 0.75; // stopping takes a little time on the page's clock
      },
    },
    storage: {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    },
    now: () => clock,
    ...overrides,
  };
  const controller = createMicrophoneController(deps);
  return {
    store,
    controller,
    sent,
    interrupts,
    items,
    capture: () => capture!,
    detector: () => detector!,
    counts: () => ({ stopped, destroyed }),
    setPlaying: (value: boolean) => void (playing = value),
    setClock: (value: number) => void (clock = value),
  };
}

const frame = (value: number) => new Int16Array(FRAME_SAMPLES).fill(value);

describe('createMicrophoneController', () => {
  it('sends 100 ms batches of the frames in order and shows the loudest level', async () => {
    const mic = setup();
    await mic.controller.start();
    expect(mic.store.getState()).toMatchObject({ status: 'on', detector: 'on' });
    expect(mic.capture().echoCancellation).toBeUndefined(); // the capture's defaults (on) apply
    for (const value of [100, 200, 3276, 400, 500, 600]) mic.capture().onFrame(frame(value));
    expect(mic.sent).toHaveLength(1);
    expect(mic.sent[0]).toHaveLength(5 * FRAME_SAMPLES);
    expect([mic.sent[0]![0], mic.sent[0]![FRAME_SAMPLES * 4]]).toEqual([100, 500]);
    // 3276 / 32768 = 0.1 -> -20 dBFS, the loudest frame of the batch.
    expect(mic.store.getState().levelDbfs).toBeCloseTo(-20, 1);
    expect(mic.store.getState().batchesSent).toBe(1);
    await mic.controller.stop();
    // The pending frame is not lost when the microphone stops.
    expect(mic.sent).toHaveLength(2);
    expect(mic.sent[1]![0]).toBe(600);
    expect(mic.store.getState()).toMatchObject({ status: 'off', detector: 'off' });
    expect(mic.counts()).toEqual({ stopped: 1, destroyed: 1 });
  });

  it('sends the frames short of a batch when asked, and nothing when none wait', async () => {
    const mic = setup();
    await mic.controller.start();
    for (const value of [1, 2]) mic.capture().onFrame(frame(value));
    expect(mic.sent).toHaveLength(0);
    mic.controller.flush();
    expect(mic.sent.map((pcm) => [pcm.length, pcm[0]])).toEqual([[2 * FRAME_SAMPLES, 1]]);
    mic.controller.flush();
    expect(mic.sent).toHaveLength(1);
  });

  it('interrupts playback when the VAD hears speech while the assistant speaks, and only then', async () => {
    const mic = setup();
    await mic.controller.start();
    mic.detector().onSpeechStart();
    expect(mic.interrupts).toEqual([]);
    mic.setPlaying(true);
    mic.setClock(4321.5);
    mic.detector().onSpeechStart();
    expect(mic.interrupts).toEqual([4321.5]);
    expect(mic.store.getState()).toMatchObject({ speaking: true, speechStarts: 2, bargeIns: 1, lastBargeInStopMs: 0.75 });
    mic.detector().onSpeechEnd?.();
    expect(mic.store.getState().speaking).toBe(false);
  });

  it('explains a denied permission and stays off', async () => {
    const mic = setup({
      startCapture: async () => {
        throw new DOMException('Permission denied', 'NotAllowedError');
      },
    });
    await mic.controller.start();
    const { status, problem } = mic.store.getState();
    expect(status).toBe('off');
    expect(problem?.kind).toBe('denied');
    expect(problem?.message).toMatch(/^Microphone access was denied\..*typing still works\.$/);
  });

  it('says when there is no microphone', async () => {
    const mic = setup({
      startCapture: async () => {
        throw new CaptureError('no_device', 'No microphone was found.');
      },
    });
    await mic.controller.start();
    expect(mic.store.getState().problem?.message).toMatch(/No microphone was found/);
  });

  it('stops and says so when the device goes away', async () => {
    const mic = setup();
    await mic.controller.start();
    mic.capture().onEnded();
    await expect.poll(() => mic.store.getState().status).toBe('off');
    expect(mic.store.getState().problem?.kind).toBe('device_lost');
    expect(mic.counts()).toEqual({ stopped: 1, destroyed: 1 });
  });

  it('keeps the microphone when the VAD cannot load, and says barge-in is off', async () => {
    const mic = setup({
      startDetector: async () => {
        throw new Error('no model');
      },
    });
    await mic.controller.start();
    expect(mic.store.getState()).toMatchObject({ status: 'on', detector: 'failed', detectorError: 'no model' });
  });

  it('remembers the chosen device and opens it next time', async () => {
    const mic = setup();
    await mic.controller.refreshDevices();
    expect(mic.store.getState().devices.map((d) => d.value)).toEqual(['', 'usb']);
    await mic.controller.selectDevice('usb');
    expect(mic.items.get(MICROPHONE_CHOICE_KEY)).toBe('usb');
    await mic.controller.start();
    expect(mic.capture().deviceId).toBe('usb');

    const again = setup();
    again.items.set(MICROPHONE_CHOICE_KEY, 'usb');
    const reopened = createMicrophoneController({
      store: again.store,
      startCapture: async (options) => {
        expect(options.deviceId).toBe('usb');
        throw new CaptureError('failed', 'stop here');
      },
      startDetector: async () => ({ destroy: async () => {} }),
      listDevices: async () => [],
      sendAudio: async () => null,
      playback: { isPlaying: () => false, interruptPlayback: () => {} },
      storage: { getItem: (k) => again.items.get(k) ?? null, setItem: () => {}, removeItem: () => {} },
      now: () => 0,
    });
    expect(again.store.getState().deviceId).toBe('usb');
    await reopened.start();
    expect(again.store.getState().problem?.kind).toBe('failed');
  });

  it('shows why audio does not reach the assistant', async () => {
    const mic = setup({ sendAudio: async () => 'no session s1 for this window' });
    await mic.controller.start();
    for (let n = 0; n < 5; n++) mic.capture().onFrame(frame(1));
    await expect.poll(() => mic.store.getState().sendError).toBe('no session s1 for this window');
  });

  it('passes the audio-processing switches from settings to the capture', async () => {
    const mic = setup({ processing: () => ({ echoCancellation: false, noiseSuppression: false, autoGainControl: true }) });
    await mic.controller.start();
    expect(mic.capture()).toMatchObject({ echoCancellation: false, noiseSuppression: false, autoGainControl: true });
  });
});
