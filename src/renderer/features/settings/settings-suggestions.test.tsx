import { describe, expect, it } from 'vitest';
import { renderWithStore, statusWithOpenAi } from '../../testing/render-with-store.tsx';
import { defaultSettings } from '../../../shared/settings.ts';
import { SettingsPanel } from './SettingsPanel.tsx';

describe('the settings form', () => {
  it('offers the models the provider listed for the model fields', () => {
    const html = renderWithStore(<SettingsPanel />, (store) => {
      store.getState().receiveStatus(statusWithOpenAi({ id: 'openai', kind: 'llm', configured: true, detail: 'local server', reachable: true, checkedAt: 1, problem: null, models: ['llama3', 'whisper-small'] }));
      store.getState().receiveSettings(defaultSettings());
    });
    expect(html.match(/<datalist/g)).toHaveLength(3);
    expect(html).toContain('<option value="llama3"></option>');
    expect(html).toContain('<option value="whisper-small"></option>');
  });
});
