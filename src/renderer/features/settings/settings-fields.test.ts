import { describe, expect, it } from 'vitest';
import { SettingsPatchSchema, defaultSettings } from '../../../shared/settings.ts';
import { SETTINGS_FIELDS, changedSettings, toFormValues } from './settings-fields.ts';

describe('settings fields', () => {
  it('cover every leaf of Settings exactly once', () => {
    const leaves = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, child]) => leaves(child, `${prefix}${key}.`))
        : [prefix.slice(0, -1)];

    expect(SETTINGS_FIELDS.map((field) => field.id).sort()).toEqual(leaves(defaultSettings()).sort());
  });

  it('yield no patch when nothing changed', () => {
    const saved = defaultSettings();
    expect(changedSettings(saved, toFormValues(saved))).toBeNull();
  });

  it('put only the changed fields into a patch the contract accepts', () => {
    const saved = defaultSettings();
    const values = {
      ...toFormValues(saved),
      'assistant.name': 'Ada',
      'voice.speakingRate': '1.25',
      'providers.openai.chatModel': 'llama3.2',
      'ui.theme': 'dark',
    };

    const patch = changedSettings(saved, values);

    expect(patch).toEqual({
      assistant: { name: 'Ada' },
      voice: { speakingRate: 1.25 },
      providers: { openai: { chatModel: 'llama3.2' } },
      ui: { theme: 'dark' },
    });
    expect(SettingsPatchSchema.safeParse(patch).success).toBe(true);
  });

  it('treat a number written differently as unchanged', () => {
    const saved = defaultSettings();
    expect(changedSettings(saved, { ...toFormValues(saved), 'voice.speakingRate': '1.0' })).toBeNull();
  });
});
