import type { TurnTaking } from '../../state/voice-state.ts';
import { startMicrophoneCapture } from '../../audio/capture/microphone-capture.ts';
import { pcm16ToLeBytes } from '../../audio/capture/pcm-frames.ts';
import type { AssistantClient } from '../../client/connection.ts';
import type { AppStore } from '../../state/app-store.ts';
import { speechRecognition } from '../../state/speech-recognition.ts';
import { createMicrophoneController, type BargeInTarget, type MicrophoneController } from './microphone-controller.ts';
import type { MicrophoneStore } from './microphone-store.ts';

/** The controller on the browser's real microphone, sending to this window's session. */
export function createBrowserMicrophone(options: {
  store: MicrophoneStore;
  app: AppStore;
  client: AssistantClient;
  playback: BargeInTarget;
}): MicrophoneController {
  const { app, client } = options;
  return createMicrophoneController({
    store: options.store,
    startCapture: startMicrophoneCapture,
    // Loaded on first use: onnxruntime-web's glue is most of the renderer's script otherwise.
    startDetector: async (options) =>
      (await import('../../audio/capture/speech-detector.ts')).startSpeechDetector({
        ...options,
        speechThreshold: app.getState().settings?.thresholds.vadSpeech ?? null,
      }),
    listDevices: async () => (navigator.mediaDevices?.enumerateDevices ? navigator.mediaDevices.enumerateDevices() : []),
    async sendAudio(pcm) {
      const sessionId = app.getState().currentSessionId;
      // No session yet (still connecting): this audio has nowhere to go.
      if (sessionId === null) return 'Not connected to the assistant yet.';
      // Nothing could turn it into words: the voice bar says why and how to fix it; nothing is sent.
      if (!speechRecognition(app.getState().status).usable) return null;
      // Raw bytes: a binary frame on the WebSocket (see ws-protocol.ts).
      const reply = await client.voiceAudio({ sessionId, pcm16: pcm16ToLeBytes(pcm) });
      return reply.ok ? null : reply.error.message;
    },
    // Talking over the answer interrupts it in hands-free mode; in push-to-talk the key does that.
    playback: {
      isPlaying: () => voiceMode(app) === 'hands_free' && options.playback.isPlaying(),
      interruptPlayback: (atMs) => options.playback.interruptPlayback(atMs),
    },
    // Read at each start: a changed setting applies the next time the microphone opens.
    processing() {
      const voice = app.getState().settings?.voice;
      if (!voice) return {};
      return { echoCancellation: voice.echoCancellation, noiseSuppression: voice.noiseSuppression, autoGainControl: voice.autoGainControl };
    },
    storage: safeLocalStorage(),
    now: () => performance.now(),
  });
}

/** The mode this window chose, else the saved one. */
function voiceMode(app: AppStore): TurnTaking | null {
  const state = app.getState();
  return state.voice.mode ?? state.settings?.voice.mode ?? null;
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
