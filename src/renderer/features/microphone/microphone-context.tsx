import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { getAssistantClient } from '../../client/assistant-client.ts';
import { useAppActions, useAppStore } from '../../state/app-context.tsx';
import type { MicrophoneController } from './microphone-controller.ts';
import { createMicrophoneStore, type MicrophoneState, type MicrophoneStore } from './microphone-store.ts';
import { createBrowserMicrophone } from './microphone-wiring.ts';

// One microphone per window, opened by the voice controls (conversation view) and configured in
// Settings (device, level): both read it from here, so switching views never stops it.

type MicrophoneContextValue = { store: MicrophoneStore; controller: MicrophoneController | null };

/** Exported for tests that show the controls with the microphone on (testing/static-microphone.tsx). */
export const MicrophoneContext = createContext<MicrophoneContextValue | null>(null);

export function MicrophoneProvider({ children }: { children: ReactNode }) {
  const app = useAppStore();
  // The voice actions: barge-in stops their playback (isPlaying / interruptPlayback), and a
  // push-to-talk release sends the audio still held here first (attachMicrophone).
  const voiceActions = useAppActions();
  const [store] = useState(createMicrophoneStore);
  const [controller, setController] = useState<MicrophoneController | null>(null);

  useEffect(() => {
    const mic = createBrowserMicrophone({ store, app, client: getAssistantClient(), playback: voiceActions });
    setController(mic);
    const detach = voiceActions.attachMicrophone(() => mic.flush());
    // Typed answers are spoken while the microphone is off (Settings › Speak typed answers).
    const stopWatching = store.subscribe((state) => app.getState().setMicrophoneOn(state.status === 'on'));
    void mic.refreshDevices();
    const onDeviceChange = () => void mic.refreshDevices();
    navigator.mediaDevices?.addEventListener('devicechange', onDeviceChange);
    return () => {
      navigator.mediaDevices?.removeEventListener('devicechange', onDeviceChange);
      setController(null);
      detach();
      stopWatching();
      void mic.stop();
    };
  }, [store, app, voiceActions]);

  return <MicrophoneContext value={{ store, controller }}>{children}</MicrophoneContext>;
}

const idle = { store: createMicrophoneStore(), controller: null };

/** The window's microphone; outside a provider (component tests) one that stays off. */
export function useMicrophone(): MicrophoneContextValue {
  return useContext(MicrophoneContext) ?? idle;
}

export function useMicrophoneState<T>(selector: (state: MicrophoneState) => T): T {
  return useStore(useMicrophone().store, selector);
}
