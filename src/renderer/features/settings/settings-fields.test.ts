import { describe, expect, it } from 'vitest';
import { SettingsPatchSchema, defaultSettings } from '../../../shared/settings.ts';
import { SETTINGS_FIELDS, SETTINGS_OUTSIDE_THE_FORM, changedSettings, emptyPlaceholder, toFormValues } from './settings-fields.ts';

describe('settings fields', () => {
  it('cover every leaf of Settings exactly once', () => {
    const leaves = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, child]) => leaves(child, `${prefix}${key}.`))
        : [prefix.slice(0, -1)];

    expect([...SETTINGS_FIELDS.map((field) => field.id), ...SETTINGS_OUTSIDE_THE_FORM].sort()).toEqual(leaves(defaultSettings()).sort());
  });

  it('yield no patch when nothing changed', () => {
    const saved = defaultSettings();
    expect(changedSettings(saved, toFormValues(saved))).toBeNull();
  });

  it('show an empty threshold as empty, and send an emptied one as null (the default)', () => {
    const saved = defaultSettings();
    const values = toFormValues(saved);
    expect(values['thresholds.cacheSimilarity']).toBe('');
    const set = changedSettings(saved, { ...values, 'thresholds.cacheSimilarity': '0.95', 'thresholds.bargeInMinSpeechMs': '400' });
    expect(set).toEqual({ thresholds: { cacheSimilarity: 0.95, bargeInMinSpeechMs: 400 } });
    expect(SettingsPatchSchema.safeParse(set).success).toBe(true);

    const tuned = { ...saved, thresholds: { ...saved.thresholds, cacheSimilarity: 0.95 } };
    expect(toFormValues(tuned)['thresholds.cacheSimilarity']).toBe('0.95');
    const cleared = changedSettings(tuned, { ...toFormValues(tuned), 'thresholds.cacheSimilarity': ' ' });
    expect(cleared).toEqual({ thresholds: { cacheSimilarity: null } });
    expect(SettingsPatchSchema.safeParse(cleared).success).toBe(true);
  });

  it('show what an empty threshold stands for once the host has said', () => {
    const field = (id: string) => SETTINGS_FIELDS.find((f) => f.id === id)!;
    const defaults = { cacheSimilarity: 0.92, routerMinConfidence: 0.3, vadSpeech: 0.5, bargeInMinSpeechMs: 250 };
    expect(emptyPlaceholder(field('thresholds.cacheSimilarity'), defaults)).toBe('default: 0.92');
    expect(emptyPlaceholder(field('thresholds.bargeInMinSpeechMs'), defaults)).toBe('default: 250');
    expect(emptyPlaceholder(field('thresholds.cacheSimilarity'), null)).toBe('default');
    expect(emptyPlaceholder(field('voice.speakingRate'), defaults)).toBeUndefined();
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

  it('turn checkbox values into booleans the contract accepts', () => {
    const saved = defaultSettings();
    expect(toFormValues(saved)['voice.echoCancellation']).toBe('true');

    const patch = changedSettings(saved, { ...toFormValues(saved), 'voice.echoCancellation': 'false', 'voice.autoGainControl': 'false' });

    expect(patch).toEqual({ voice: { echoCancellation: false, autoGainControl: false } });
    expect(SettingsPatchSchema.safeParse(patch).success).toBe(true);
    const unchecked = { ...saved, voice: { ...saved.voice, noiseSuppression: false } };
    expect(changedSettings(unchecked, { ...toFormValues(unchecked), 'voice.noiseSuppression': 'true' })).toEqual({
      voice: { noiseSuppression: true },
    });
  });

  it('treat a number written differently as unchanged', () => {
    const saved = defaultSettings();
    expect(changedSettings(saved, { ...toFormValues(saved), 'voice.speakingRate': '1.0' })).toBeNull();
  });
});
