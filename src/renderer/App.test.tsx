import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../shared/settings.ts';
import { App } from './App.tsx';
import { createAppActions } from './state/app-actions.ts';
import { AppProvider } from './state/app-context.tsx';
import { createAppStore, type AppStore } from './state/app-store.ts';
import { createFakeClient } from './testing/fake-client.ts';
import { sampleLog, sampleSession, sampleStatus } from './testing/fixtures.ts';

// No DOM here: render to HTML and check what a user (and the e2e tests) will find.
function render(prepare: (store: AppStore) => void = () => {}): string {
  const prepared = createAppStore();
  prepare(prepared);
  // Server rendering reads zustand's initial state, so serve the prepared one as initial.
  const store: AppStore = { ...prepared, getInitialState: prepared.getState };
  const actions = createAppActions(createFakeClient().client, store);
  return renderToStaticMarkup(
    <AppProvider store={store} actions={actions}>
      <App />
    </AppProvider>,
  );
}

const LABELS = [
  'Assistant name',
  'Language',
  'Voice mode',
  'Push-to-talk key',
  'Global shortcut',
  'Speaking rate',
  'OpenAI base URL',
  'Chat model',
  'Transcription model',
  'Speech model',
  'Speech voice',
  'Log level',
  'Theme',
];

describe('App', () => {
  it('renders while nothing has loaded yet', () => {
    const html = render();
    expect(html).toContain('data-testid="connection">connecting<');
    expect(html).toContain('Waiting for the assistant');
    expect(html).not.toContain('role="alert"');
  });

  it('shows status, every settings field, sessions and the log', () => {
    const html = render((store) => {
      const app = store.getState();
      app.setConnection('open', null);
      app.receiveStatus(sampleStatus({ uptimeMs: 3_725_000 }));
      app.receiveSettings(defaultSettings());
      app.receiveSessions([sampleSession({ id: 'old', startedAt: 1, turnCount: 1 })]);
      app.setCurrentSession(sampleSession({ id: 'mine', startedAt: 2 }));
      app.appendLog(sampleLog({ level: 'warn', message: 'careful' }));
    });

    expect(html).toContain('data-testid="connection">connected<');
    expect(html).toContain('data-testid="app-version">0.1.0<');
    expect(html).toContain('data-testid="host-kind">headless<');
    expect(html).toContain('data-testid="store-path" class="path">/data/assistant.db<');
    expect(html).toMatch(/data-testid="uptime">1 h 02 min 0[5-6] s</);
    expect(html).toContain('<form aria-label="Settings"');
    for (const label of LABELS) expect(html).toMatch(new RegExp(`<label for="[^"]+">${label}</label>`));
    expect(html).toContain('Save settings');
    expect(html).toContain('(this window)');
    expect(html).toContain('1 turn<');
    expect(html).toContain('class="log-entry log-warn"');
    expect(html).toContain('aria-live="polite"');
  });

  it('shows the conversation view first, the inspector (routing, trace) beside it closed, history and settings as views of their own', () => {
    const html = render((store) => store.getState().setConnection('open', null));
    const headings = [...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Conversation', 'Inspector', 'Routing', 'Trace', 'Calls', 'Sessions', 'Settings', 'Microphone', 'Status', 'Log']);
    expect(html).toMatch(/<label for="([^"]+)">Ask the assistant<\/label>[\s\S]*?<input id="\1"/);
    expect(html).toMatch(/<div class="view-conversation" data-testid="conversation-view">/);
    expect(html).toMatch(/<aside id="inspector"[^>]*hidden=""/);
    expect(html).toMatch(/<div class="view-history" hidden="" data-testid="history-view">/);
    expect(html).toMatch(/<div class="view-settings" hidden="" data-testid="settings-view">/);
    expect(html).toMatch(/<button type="button" class="app-nav-item" aria-current="page" data-testid="view-conversation">Conversation<\/button>/);
    expect(html).toContain('aria-controls="inspector"');
  });

  it('lists configuration problems in an alert', () => {
    const html = render((store) =>
      store.getState().receiveStatus(
        sampleStatus({
          configErrors: [
            { file: 'config/settings.yaml', line: 3, column: 9, field: 'voice.speakingRate', message: 'too fast' },
          ],
        }),
      ),
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('Configuration problems: running on defaults for the fields below');
    expect(html).toContain('config/settings.yaml:3:9 voice.speakingRate — too fast');
    // Said on the conversation view too, with the way to the details.
    expect(html).toMatch(/data-testid="config-problems-banner"><p>A setting could not be read: running on defaults for it.<\/p><button type="button">Show in Settings<\/button>/);
  });

  it('says why the connection is refused and shows request errors', () => {
    const html = render((store) => {
      store.getState().setConnection('closed', 'unauthorized');
      store.getState().reportError('Could not load the status: down');
    });
    expect(html).toContain('data-testid="connection">disconnected<');
    expect(html).toContain("This page&#x27;s access token is missing or wrong: open the URL the host printed.");
    expect(html).toContain('Could not load the status: down');
  });
});
