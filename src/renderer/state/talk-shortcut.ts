import type { AppState } from './app-store.ts';

/**
 * What a press of the desktop app's global push-to-talk shortcut does. The OS reports no key-up
 * for a global shortcut, so each press toggles: the first starts talking, the next one ends it.
 * Ending is always allowed (the microphone must never stay open); starting only in push-to-talk
 * mode with a live session, as for the in-window talk key.
 */
export function talkShortcutAction(state: Pick<AppState, 'voice' | 'settings' | 'connection' | 'currentSessionId'>): 'press' | 'release' | null {
  if (state.voice.talking) return 'release';
  const mode = state.voice.mode ?? state.settings?.voice.mode ?? 'push_to_talk';
  const connected = state.connection === 'open' && state.currentSessionId !== null;
  return mode === 'push_to_talk' && connected ? 'press' : null;
}
