import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createAppActions, type AppActions } from '../state/app-actions.ts';
import { AppProvider } from '../state/app-context.tsx';
import { createAppStore, type AppStore } from '../state/app-store.ts';
import { createFakeClient } from './fake-client.ts';

/**
 * Renders a tree to HTML over a store prepared by the test (no DOM: effects do not run), to
 * check what a user and the e2e tests will find.
 */
export function renderHtml(
  node: ReactNode,
  prepare: (store: AppStore) => void = () => {},
  actions?: (store: AppStore) => AppActions,
): string {
  const prepared = createAppStore();
  prepare(prepared);
  // Server rendering reads zustand's initial state, so serve the prepared one as initial.
  const store: AppStore = { ...prepared, getInitialState: prepared.getState };
  const appActions = actions?.(store) ?? createAppActions(createFakeClient().client, store);
  return renderToStaticMarkup(createElement(AppProvider, { store, actions: appActions, children: node }));
}
