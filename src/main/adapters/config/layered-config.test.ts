import { describe, expect, it } from 'vitest';
import { MAX_REPORTS_PER_FILE, resolveLayeredConfig } from './layered-config.ts';
import { AgentsConfigSchema, defaultAgentsConfig } from './experts-config.ts';
import { MAX_CONFIG_DEPTH, MAX_CONFIG_FILE_BYTES } from './yaml-source.ts';
import { SettingsSchema, defaultSettings } from '../../../shared/settings.ts';
import { aliasBomb, deeplyNested } from './testing/hostile-yaml.ts';

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

  describe('a file that would be costly to use is ignored whole, with the reason', () => {
    it('an alias bomb (billion laughs)', () => {
      const text = aliasBomb();
      expect(text.length).toBeLessThan(1200);
      const started = performance.now();
      const { value, errors } = resolveLayeredConfig(SettingsSchema, [defaults, { file: 'settings.yaml', text }]);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(value.assistant.name).toBe('Ada');
      expect(value.ui.theme).toBe('system');
      expect(errors).toEqual([
        expect.objectContaining({ file: 'settings.yaml', line: expect.any(Number), column: expect.any(Number), field: null }),
      ]);
      expect(errors[0]!.message).toMatch(/aliases expand to more than 100000 values; the whole file was ignored/);
    });

    it('an anchor used by many merge keys (YAML 1.1 <<)', () => {
      const keys = Array.from({ length: 50 }, (_, i) => `k${i}: ${i}`).join(', ');
      const merges = Array.from({ length: 120 }, (_, i) => `m${i}: {<<: *base}`).join('\n');
      const text = `%YAML 1.1\n---\nbase: &base {${keys}}\n${merges}\n`;
      const { value, errors } = resolveLayeredConfig(SettingsSchema, [{ file: 'settings.yaml', text }]);
      expect(value).toEqual(defaultSettings());
      expect(errors).toEqual([expect.objectContaining({ file: 'settings.yaml', message: expect.stringMatching(/too many aliases.*ignored/) })]);
    });

    it('an alias inside the value it refers to, in two layers (merging them would never end)', () => {
      const text = 'ui: &loop\n  theme: dark\n  again: *loop\n';
      const { value, errors } = resolveLayeredConfig(SettingsSchema, [
        { file: 'a.yaml', text },
        { file: 'b.yaml', text },
      ]);
      expect(value).toEqual(defaultSettings());
      expect(errors).toEqual([
        expect.objectContaining({ file: 'a.yaml', line: 3, column: 10, message: expect.stringMatching(/alias \*loop is inside the value it refers to/) }),
        expect.objectContaining({ file: 'b.yaml', line: 3, column: 10 }),
      ]);
    });

    it('a text over the size limit, without parsing it', () => {
      const text = `ui:\n  theme: dark\n# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`;
      const { value, errors } = resolveLayeredConfig(SettingsSchema, [defaults, { file: 'settings.yaml', text }]);
      expect(value.ui.theme).toBe('system');
      expect(value.assistant.name).toBe('Ada');
      expect(errors).toEqual([expect.objectContaining({ file: 'settings.yaml', line: null, field: null })]);
      expect(errors[0]!.message).toMatch(/over the 256 KiB \(262,144 bytes\) limit for a configuration file; the whole file was ignored/);
    });

    it('a valid file nested deeper than the limit, naming the line', () => {
      const text = deeplyNested(MAX_CONFIG_DEPTH + 8);
      const { value, errors } = resolveLayeredConfig(SettingsSchema, [defaults, { file: 'settings.yaml', text }]);
      expect(value.ui.theme).toBe('system');
      expect(value.assistant.name).toBe('Ada');
      expect(errors).toEqual([expect.objectContaining({ file: 'settings.yaml', line: expect.any(Number), field: null })]);
      expect(errors[0]!.line).toBeGreaterThan(MAX_CONFIG_DEPTH - 4);
      expect(errors[0]!.message).toMatch(/nested more than 32 levels deep; the whole file was ignored/);
    });

    it('a file nested so deeply the parser cannot follow it', () => {
      const text = `ui: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
      const { value, errors } = resolveLayeredConfig(SettingsSchema, [defaults, { file: 'settings.yaml', text }]);
      expect(value.assistant.name).toBe('Ada');
      expect(errors).toEqual([expect.objectContaining({ file: 'settings.yaml', line: 1, message: expect.stringMatching(/nested too deeply to read.*ignored/) })]);
    });

    it('still reports a repeated key as a syntax error (yaml no longer checks it, which was quadratic)', () => {
      const text = 'ui:\n  theme: dark\nvoice:\n  mode: hands_free\nui:\n  theme: light\n';
      const { value, errors } = resolveLayeredConfig(SettingsSchema, [{ file: 'settings.yaml', text }]);
      expect(value).toEqual(defaultSettings());
      expect(errors).toEqual([
        expect.objectContaining({ line: 5, column: 1, message: expect.stringMatching(/YAML syntax error: Map keys must be unique \("ui" appears twice\)/) }),
      ]);
    });
  });

  it('lists at most 20 problems and 20 unknown fields per file, and counts the rest', () => {
    const unknown = Array.from({ length: 5000 }, (_, i) => `  extra${i}: ${i}`).join('\n');
    const wrong = Array.from({ length: 30 }, (_, i) => `    - ${i}`).join('\n');
    const agents = `agents:\n  clock:\n${unknown}\n    examples:\n${wrong}\n`.replace(/^  extra/gm, '    extra');
    const { value, errors, warnings } = resolveLayeredConfig(AgentsConfigSchema, [{ file: 'agents.yaml', text: agents }]);
    expect(value).toEqual(defaultAgentsConfig());
    expect(errors).toHaveLength(MAX_REPORTS_PER_FILE + 1);
    expect(errors.at(-1)).toEqual({ file: 'agents.yaml', line: null, column: null, field: null, message: '10 more problems in this file not listed' });
    expect(warnings).toHaveLength(MAX_REPORTS_PER_FILE + 1);
    expect(warnings[0]).toMatchObject({ field: 'agents.clock.extra0', line: 3 });
    expect(warnings.at(-1)!.message).toBe('4980 more unknown fields in this file not listed');
  });

  it('drops the wrong items of a list and keeps the right ones', () => {
    const text = 'agents:\n  clock:\n    examples:\n      - 1\n      - 2\n      - what time is it\n      - 3\n      - the time please\n';
    const { value, errors } = resolveLayeredConfig(AgentsConfigSchema, [{ file: 'agents.yaml', text }]);
    expect(value.agents.clock!.examples).toEqual(['what time is it', 'the time please']);
    expect(errors.map((error) => [error.field, error.line])).toEqual([
      ['agents.clock.examples.0', 4],
      ['agents.clock.examples.1', 5],
      ['agents.clock.examples.3', 7],
    ]);
  });

  it('places an error inside an alias at the anchor it came from', () => {
    const text = 'shared: &rate\n  speakingRate: fast\nvoice: *rate\n';
    const { value, errors } = resolveLayeredConfig(SettingsSchema, [{ file: 'settings.yaml', text }]);
    expect(value.voice.speakingRate).toBe(1);
    expect(errors).toEqual([expect.objectContaining({ field: 'voice.speakingRate', line: 2, column: 17 })]);
  });
});
