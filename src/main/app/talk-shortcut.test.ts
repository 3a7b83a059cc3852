import { describe, expect, it } from 'vitest';
import { createTalkShortcut, type ShortcutRegistrar } from './talk-shortcut.ts';

function fakeRegistrar(options: { taken?: string[]; invalid?: string[] } = {}) {
  const held = new Map<string, () => void>();
  const registrar: ShortcutRegistrar = {
    register(accelerator, callback) {
      if (options.invalid?.includes(accelerator)) throw new TypeError(`Error processing argument: ${accelerator}`);
      if (options.taken?.includes(accelerator) || held.has(accelerator)) return false;
      held.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void held.delete(accelerator),
  };
  return { registrar, held, press: (accelerator: string) => held.get(accelerator)?.() };
}

function fakeLogger() {
  const warnings: { code: unknown; message: string }[] = [];
  return {
    warnings,
    logger: {
      warn: (fields: { code?: unknown }, message: string) => void warnings.push({ code: fields.code, message }),
      info: () => undefined,
    } as never,
  };
}

describe('global talk shortcut', () => {
  it('registers the accelerator and reports each press', () => {
    const os = fakeRegistrar();
    let presses = 0;
    const shortcut = createTalkShortcut(os.registrar, () => presses++, fakeLogger().logger);

    expect(shortcut.apply('CommandOrControl+Shift+Space')).toBe(true);
    os.press('CommandOrControl+Shift+Space');
    os.press('CommandOrControl+Shift+Space');

    expect(presses).toBe(2);
    expect(shortcut.current()).toBe('CommandOrControl+Shift+Space');
  });

  it('moves to a new accelerator when the setting changes, releasing the old one', () => {
    const os = fakeRegistrar();
    const shortcut = createTalkShortcut(os.registrar, () => undefined, fakeLogger().logger);
    shortcut.apply('CommandOrControl+Shift+Space');

    expect(shortcut.apply('Alt+F9')).toBe(true);

    expect([...os.held.keys()]).toEqual(['Alt+F9']);
    expect(shortcut.apply('Alt+F9')).toBe(true);
    shortcut.dispose();
    expect(os.held.size).toBe(0);
  });

  it('logs a warning, keeps running and holds nothing when the accelerator is taken or malformed', () => {
    const os = fakeRegistrar({ taken: ['Alt+F9'], invalid: ['Ctrl+Nope'] });
    const log = fakeLogger();
    const shortcut = createTalkShortcut(os.registrar, () => undefined, log.logger);
    shortcut.apply('CommandOrControl+Shift+Space');

    expect(shortcut.apply('Alt+F9')).toBe(false);
    expect(shortcut.apply('Ctrl+Nope')).toBe(false);

    expect(shortcut.current()).toBeNull();
    expect(os.held.size).toBe(0);
    expect(log.warnings.map((w) => w.code)).toEqual(['global_shortcut_unavailable', 'global_shortcut_unavailable']);
    expect(log.warnings[0]!.message).toContain('Alt+F9');
    // The same failing setting again is not retried or logged twice.
    expect(shortcut.apply('Ctrl+Nope')).toBe(false);
    expect(log.warnings).toHaveLength(2);
    // A working one afterwards registers.
    expect(shortcut.apply('F8')).toBe(true);
  });
});
