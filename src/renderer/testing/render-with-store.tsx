import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AppStatus } from '../../shared/contract.ts';
import { createAppActions } from '../state/app-actions.ts';
import { AppProvider } from '../state/app-context.tsx';
import { createAppStore, type AppStore } from '../state/app-store.ts';
import { createFakeClient } from './fake-client.ts';
import { sampleStatus } from './fixtures.ts';

/** Renders `element` to HTML over a store `prepare` filled in (server rendering reads its state as initial). */
export function renderWithStore(element: ReactElement, prepare: (store: AppStore) => void = () => {}, store: AppStore = createAppStore()): string {
  prepare(store);
  const served: AppStore = { ...store, getInitialState: store.getState };
  return renderToStaticMarkup(
    <AppProvider store={served} actions={createAppActions(createFakeClient().client, served)}>
      {element}
    </AppProvider>,
  );
}

/** The sample status with this OpenAI provider entry in place of its own. */
export function statusWithOpenAi(openai: AppStatus['providers'][number]): AppStatus {
  const status = sampleStatus();
  return { ...status, providers: [openai, ...status.providers.filter((provider) => provider.id !== 'openai')] };
}
