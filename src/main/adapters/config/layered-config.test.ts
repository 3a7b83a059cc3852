import { describe, expect, it } from 'vitest';
import { resolveLayeredConfig } from './layered-config.ts';
import { SettingsSchema, defaultSettings } from '../../../shared/settings.ts';

const defaults = { file: 'config/app.yaml', text: 'assistant:\n  name: Ada\n' };

describe('resolveLayeredConfig', () => {
  it('merges the user layer over the shipped layer over the schema defaults', () => {
    const user = { file: 'settings.yaml', text: 'voice:\n  mode: hands_free\n' };
    const { value, errors } = resolveLayeredConfig(SettingsSchema, [defaults, user]);
    expect(errors).toEqual([]);
    expect(value.assistant.name).toBe('Ada');
    expect(value.voice.mode).toBe('hands_free');
    expect(value.voice.pushToTalkKey).toBe(defaultSettings().voice.pushToTalkKey);
  });

  it('ignores a file with a syntax error whole and names its line', () => {
    const user = { file: 'settings.yaml', text: 'voice:\n  mode: hands_free\n  key: [unclosed\nui: {\n' };
    const { value, errors } = resolveLayeredConfig(SettingsSchema, [defaults, user]);
    expect(value.voice.mode).toBe('push_to_talk');
    expect(value.assistant.name).toBe('Ada');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'settings.yaml', field: null });
    expect(errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(errors[0]!.message).toMatch(/YAML syntax error/);
  });

  it('drops only the field with a wrong type, naming file, line and field', () => {
    const user = {
      file: 'settings.yaml',
      text: 'voice:\n  mode: hands_free\n  speakingRate: fast\nui:\n  theme: dark\n',
    };
    const { value, errors } = resolveLayeredConfig(SettingsSchema, [defaults, user]);
    expect(value.voice.speakingRate).toBe(1);
    expect(value.voice.mode).toBe('hands_free');
    expect(value.ui.theme).toBe('dark');
    expect(errors).toEqual([
      expect.objectContaining({ file: 'settings.yaml', line: 3, column: 17, field: 'voice.speakingRate' }),
    ]);
    expect(errors[0]!.message).toMatch(/expected number/);
  });

  it('falls back to the shipped value when the user value is wrong', () => {
    const user = { file: 'settings.yaml', text: 'assistant:\n  name: ""\n' };
    const { value, errors } = resolveLayeredConfig(SettingsSchema, [defaults, user]);
    expect(value.assistant.name).toBe('Ada');
    expect(errors[0]).toMatchObject({ field: 'assistant.name', line: 2 });
  });

  it('reports a section of the wrong shape at the section', () => {
    const user = { file: 'settings.yaml', text: 'voice: loud\n' };
    const { value, errors } = resolveLayeredConfig(SettingsSchema, [user]);
    expect(value.voice).toEqual(defaultSettings().voice);
    expect(errors[0]).toMatchObject({ field: 'voice', line: 1, column: 8 });
  });

  it('refuses a top level that is not a mapping', () => {
    const { value, errors } = resolveLayeredConfig(SettingsSchema, [{ file: 'a.yaml', text: '- 1\n- 2\n' }]);
    expect(value).toEqual(defaultSettings());
    expect(errors[0]!.message).toMatch(/mapping/);
  });

  it('treats a missing or empty file as no layer', () => {
    const { value, errors } = resolveLayeredConfig(SettingsSchema, [
      { file: 'a.yaml', text: null },
      { file: 'b.yaml', text: '# only a comment\n' },
    ]);
    expect(errors).toEqual([]);
    expect(value).toEqual(defaultSettings());
  });

  it('warns about unknown fields with their position', () => {
    const user = { file: 'settings.yaml', text: 'voice:\n  mdoe: hands_free\n' };
    const { warnings, errors } = resolveLayeredConfig(SettingsSchema, [user]);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ field: 'voice.mdoe', line: 2 })]);
  });

  it('the shipped config/app.yaml equals the built-in defaults', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../../../config/app.yaml', import.meta.url), 'utf8');
    const { value, errors, warnings } = resolveLayeredConfig(SettingsSchema, [{ file: 'app.yaml', text }]);
    expect([...errors, ...warnings]).toEqual([]);
    expect(value).toEqual(defaultSettings());
  });
});
