import type { Logger } from 'pino';

/** The part of Electron's `globalShortcut` this needs (injected so it can be tested without Electron). */
export interface ShortcutRegistrar {
  /** False when the OS or another app holds the accelerator. May throw on a malformed accelerator. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface TalkShortcut {
  /** Registers `accelerator` in place of the current one; no-op when unchanged. True when registered. */
  apply(accelerator: string): boolean;
  /** The accelerator held now, or null. */
  current(): string | null;
  dispose(): void;
}

/**
 * The desktop app's global push-to-talk shortcut. A failure to register is logged as a warning
 * (the renderer's log panel shows it) and leaves the app without a shortcut, never crashes it.
 */
export function createTalkShortcut(registrar: ShortcutRegistrar, onPress: () => void, logger: Pick<Logger, 'warn' | 'info'>): TalkShortcut {
  let registered: string | null = null;
  let wanted: string | null = null;

  const release = () => {
    if (registered === null) return;
    try {
      registrar.unregister(registered);
    } catch (error) {
      logger.warn({ code: 'global_shortcut_unregister_failed', accelerator: registered, err: error }, 'could not release the global shortcut');
    }
    registered = null;
  };

  return {
    apply(accelerator) {
      const next = accelerator.trim();
      if (next === wanted) return registered !== null;
      wanted = next;
      release();
      let ok = false;
      let problem: unknown = null;
      try {
        ok = next.length > 0 && registrar.register(next, onPress);
      } catch (error) {
        problem = error;
      }
      if (!ok) {
        logger.warn(
          { code: 'global_shortcut_unavailable', accelerator: next, err: problem ?? undefined },
          `the global push-to-talk shortcut "${next}" could not be registered (another app may hold it, or it is not a valid accelerator); the in-window talk key still works`,
        );
        return false;
      }
      registered = next;
      logger.info({ code: 'global_shortcut_registered', accelerator: next }, 'global push-to-talk shortcut registered');
      return true;
    },
    current: () => registered,
    dispose() {
      release();
      wanted = null;
    },
  };
}
