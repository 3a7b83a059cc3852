import { describe, expect, it } from 'vitest';
import { checkSettingsPatch } from './settings.ts';

describe('a settings patch checked field by field', () => {
  it('keeps the valid fields and says why each wrong one was refused', () => {
    const { patch, errors } = checkSettingsPatch({
      assistant: { name: 'Ada' },
      providers: { openai: { baseURL: 'ftp://example.com', chatModel: 'llama3' } },
      voice: { speakingRate: 9, mode: 'hands_free' },
      nonsense: { field: 1 },
    });
    expect(patch).toEqual({ assistant: { name: 'Ada' }, providers: { openai: { chatModel: 'llama3' } }, voice: { mode: 'hands_free' } });
    expect(errors).toEqual([
      { field: 'providers.openai.baseURL', message: 'must be an http:// or https:// address' },
      { field: 'voice.speakingRate', message: expect.stringMatching(/2/) },
      { field: 'nonsense.field', message: 'not a setting' },
    ]);
  });
});
