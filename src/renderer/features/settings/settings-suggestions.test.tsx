import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings.ts';
import { createAppActions } from '../../state/app-actions.ts';
import { AppProvider } from '../../state/app-context.tsx';
import { createAppStore, type AppStore } from '../../state/app-store.ts';
import { createFakeClient } from '../../testing/fake-client.ts';
import { sampleStatus } from '../../testing/fixtures.ts';
import { SettingsPanel } from './SettingsPanel.tsx';

describe('the settings form', () => {
  it('offers the models the provider listed for the model fields', () => {
    const prepared = createAppStore();
    const status = sampleStatus();
    prepared.getState().receiveStatus({
      ...status,
      providers: [{ id: 'openai', kind: 'llm', configured: true, detail: 'local server', reachable: true, checkedAt: 1, problem: null, models: ['llama3', 'whisper-small'] }, ...status.providers.filter((provider) => provider.id !== 'openai')],
    });
    prepared.getState().receiveSettings(defaultSettings());
    const store: AppStore = { ...prepared, getInitialState: prepared.getState };
    const html = renderToStaticMarkup(
      <AppProvider store={store} actions={createAppActions(createFakeClient().client, store)}>
        <SettingsPanel />
      </AppProvider>,
    );
    expect(html.match(/<datalist/g)).toHaveLength(3);
    expect(html).toContain('<option value="llama3"></option>');
    expect(html).toContain('<option value="whisper-small"></option>');
  });
});
