import { createStore } from 'zustand/vanilla';
import { SILENCE_DBFS } from '../../audio/capture/pcm-frames.ts';
import { DEFAULT_DEVICE, type DeviceOption } from './device-choice.ts';
import type { MicrophoneProblem } from './microphone-messages.ts';

export type MicrophoneStatus = 'off' | 'starting' | 'on';
export type DetectorStatus = 'off' | 'loading' | 'on' | 'failed';

export type MicrophoneState = {
  status: MicrophoneStatus;
  problem: { kind: MicrophoneProblem; message: string } | null;
  devices: DeviceOption[];
  /** The select's value; DEFAULT_DEVICE for the system's. */
  deviceId: string;
  /** Loudest 20 ms frame of the last batch, dBFS. */
  levelDbfs: number;
  detector: DetectorStatus;
  detectorError: string | null;
  /** The renderer VAD hears speech now. */
  speaking: boolean;
  /** Speech starts the renderer VAD confirmed since the page opened. */
  speechStarts: number;
  bargeIns: number;
  /** ms from the VAD's speech start to interruptPlayback returning (playback silenced), last barge-in. */
  lastBargeInStopMs: number | null;
  /** `voiceAudio` requests sent and the last one's failure, if any. */
  batchesSent: number;
  sendError: string | null;
};

export type MicrophoneStore = ReturnType<typeof createMicrophoneStore>;

export function createMicrophoneStore(initial: Partial<MicrophoneState> = {}) {
  return createStore<MicrophoneState>()(() => ({
    status: 'off',
    problem: null,
    devices: [{ value: DEFAULT_DEVICE, label: 'System default' }],
    deviceId: DEFAULT_DEVICE,
    levelDbfs: SILENCE_DBFS,
    detector: 'off',
    detectorError: null,
    speaking: false,
    speechStarts: 0,
    bargeIns: 0,
    lastBargeInStopMs: null,
    batchesSent: 0,
    sendError: null,
    ...initial,
  }));
}
