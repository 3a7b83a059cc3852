import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getAssistantClient } from './client/assistant-client.ts';
import { createAppActions } from './state/app-actions.ts';
import { AppProvider } from './state/app-context.tsx';
import { createAppStore } from './state/app-store.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const store = createAppStore();
const actions = createAppActions(getAssistantClient(), store);
// Started outside React so StrictMode's double effects cannot subscribe twice.
actions.start();

createRoot(root).render(
  <StrictMode>
    <AppProvider store={store} actions={actions}>
      <App />
    </AppProvider>
  </StrictMode>,
);
