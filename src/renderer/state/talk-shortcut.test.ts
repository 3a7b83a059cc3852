import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings.ts';
import { createFakeAudioContext } from '../testing/fake-audio-context.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { createAudioPlayer } from '../audio/playback/audio-player.ts';
import { createAppActions } from './app-actions.ts';
import { statusWithSpeechModel } from '../testing/fixtures.ts';
import { createAppStore, initialAppState, type AppState } from './app-store.ts';
import { talkShortcutAction } from './talk-shortcut.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function state(overrides: { talking?: boolean; mode?: AppState['voice']['mode']; savedMode?: 'push_to_talk' | 'hands_free'; open?: boolean }) {
  const base = initialAppState();
  const settings = defaultSettings();
  if (overrides.savedMode) settings.voice.mode = overrides.savedMode;
  return {
    ...base,
    settings,
    connection: overrides.open === false ? ('closed' as const) : ('open' as const),
    currentSessionId: 'mine',
    voice: { ...base.voice, talking: overrides.talking ?? false, mode: overrides.mode ?? null },
  };
}

describe('talk shortcut toggle', () => {
  it('presses when idle in push-to-talk and releases when talking', () => {
    expect(talkShortcutAction(state({}))).toBe('press');
    expect(talkShortcutAction(state({ talking: true }))).toBe('release');
  });

  it('does not start talking in hands-free mode or without a live session', () => {
    expect(talkShortcutAction(state({ mode: 'hands_free' }))).toBeNull();
    expect(talkShortcutAction(state({ savedMode: 'hands_free' }))).toBeNull();
    expect(talkShortcutAction(state({ open: false }))).toBeNull();
    expect(talkShortcutAction({ ...state({}), currentSessionId: null })).toBeNull();
  });

  it('the window mode wins over the saved one', () => {
    expect(talkShortcutAction(state({ mode: 'push_to_talk', savedMode: 'hands_free' }))).toBe('press');
  });

  it('always lets the microphone close, whatever the mode or connection', () => {
    expect(talkShortcutAction(state({ talking: true, mode: 'hands_free', open: false }))).toBe('release');
  });

  it('toggles talking on the host with each pushed shortcut press', async () => {
    const fake = createFakeClient();
    const audio = createFakeAudioContext();
    const store = createAppStore();
    const actions = createAppActions(fake.client, store, {
      voice: {
        createPlayer: (events) =>
          createAudioPlayer({ events, createContext: () => audio.context, setTimer: audio.setTimer, clearTimer: audio.clearTimer }),
      },
    });
    const stop = actions.start();
    store.getState().setMicrophoneOn(true);
    fake.setConnection('open');
    await settle();
    store.getState().receiveStatus(statusWithSpeechModel());
    fake.requests.length = 0;
    const talks = () => fake.requests.filter((r) => r.method === 'voiceTalk').map((r) => (r.params as { action: string }).action);

    fake.pushTalkShortcut({ at: 1 });
    await settle();
    expect(store.getState().voice.talking).toBe(true);
    fake.pushTalkShortcut({ at: 2 });
    await settle();
    expect(store.getState().voice.talking).toBe(false);
    expect(talks()).toEqual(['press', 'release']);

    stop();
    expect(fake.talkShortcutListenerCount()).toBe(0);
  });
});
