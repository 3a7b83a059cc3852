import type { ReactNode } from 'react';
import { MicrophoneContext } from '../features/microphone/microphone-context.tsx';
import { createMicrophoneStore } from '../features/microphone/microphone-store.ts';

/** A microphone that is simply on (or off), for rendering the voice controls without a browser. */
export function StaticMicrophone({ on, children }: { on: boolean; children: ReactNode }) {
  const store = createMicrophoneStore();
  store.setState({ status: on ? 'on' : 'off' });
  const served = { ...store, getInitialState: store.getState };
  return <MicrophoneContext value={{ store: served, controller: null }}>{children}</MicrophoneContext>;
}
