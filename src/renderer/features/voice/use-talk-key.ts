import { useEffect, useRef } from 'react';
import { focusKind, talkKeyAction } from './push-to-talk-keys.ts';

/** Holds push-to-talk while the configured key is down and this window has focus. */
export function useTalkKey(key: string, enabled: boolean, onTalk: (action: 'press' | 'release') => void): void {
  const held = useRef(false);
  const talk = useRef(onTalk);
  talk.current = onTalk;

  useEffect(() => {
    const handle = (event: KeyboardEvent) => {
      const type = event.type === 'keydown' ? 'keydown' : 'keyup';
      const active = document.activeElement as (HTMLElement & { type?: string }) | null;
      const action = talkKeyAction(
        { type, code: event.code, repeat: event.repeat, altKey: event.altKey, ctrlKey: event.ctrlKey, metaKey: event.metaKey },
        { key, enabled, held: held.current, focus: focusKind(active) },
      );
      // Held-key repeats of the talk key would scroll the page or type elsewhere.
      if (event.code === key && held.current) event.preventDefault();
      if (action === null) return;
      event.preventDefault();
      held.current = action === 'press';
      talk.current(action);
    };
    // Leaving the window while holding the key would otherwise keep the microphone open.
    const release = () => {
      if (!held.current) return;
      held.current = false;
      talk.current('release');
    };
    window.addEventListener('keydown', handle);
    window.addEventListener('keyup', handle);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('keydown', handle);
      window.removeEventListener('keyup', handle);
      window.removeEventListener('blur', release);
      release();
    };
  }, [key, enabled]);
}
