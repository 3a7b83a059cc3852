import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../shared/contract.ts';
import { createAppActions } from '../../state/app-actions.ts';
import { AppProvider } from '../../state/app-context.tsx';
import { createAppStore, type AppStore } from '../../state/app-store.ts';
import { createFakeClient } from '../../testing/fake-client.ts';
import { sampleStatus } from '../../testing/fixtures.ts';
import { VoiceBar } from './VoiceBar.tsx';

function render(openai: AppStatus['providers'][number]): string {
  const prepared = createAppStore();
  const status = sampleStatus();
  prepared.getState().receiveStatus({ ...status, providers: [openai, ...status.providers.filter((provider) => provider.id !== 'openai')] });
  const store: AppStore = { ...prepared, getInitialState: prepared.getState };
  return renderToStaticMarkup(
    <AppProvider store={store} actions={createAppActions(createFakeClient().client, store)}>
      <VoiceBar />
    </AppProvider>,
  );
}

describe('the voice controls', () => {
  it('say before the user speaks why talking is not available, and nothing when it is', () => {
    expect(render({ id: 'openai', kind: 'llm', configured: false, detail: 'needs a key' })).toMatch(/Talking needs speech recognition: an OpenAI API key, or a local OpenAI-compatible speech server/);
    expect(render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: false, problem: 'connection refused' })).toMatch(/does not answer \(connection refused\)/);
    expect(render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: true, models: [] })).not.toContain('voice-unavailable');
  });
});
