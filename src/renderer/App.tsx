import { useEffect } from 'react';
import { AppHeader } from './app/AppHeader.tsx';
import { ConfigProblemsBanner, ConnectionProblemBanner, ErrorBanner } from './app/ErrorBanner.tsx';
import { Inspector } from './app/Inspector.tsx';
import { PanelErrorBoundary } from './app/PanelErrorBoundary.tsx';
import { ConversationPanel } from './features/conversation/ConversationPanel.tsx';
import { LogPanel } from './features/log/LogPanel.tsx';
import { MicrophoneProvider } from './features/microphone/microphone-context.tsx';
import { MicrophonePanel } from './features/microphone/MicrophonePanel.tsx';
import { ReminderBanners } from './features/reminders/ReminderBanners.tsx';
import { SessionsPanel } from './features/sessions/SessionsPanel.tsx';
import { SettingsPanel } from './features/settings/SettingsPanel.tsx';
import { StatusPanel } from './features/status/StatusPanel.tsx';
import { useAppState, useLayout } from './state/app-context.tsx';
import { applyTheme } from './theme/apply-theme.ts';

// Three views, all kept mounted (hidden, not removed) so a half-filled settings form, the open
// microphone and the scroll position survive switching between them.
export function App() {
  const theme = useAppState((s) => s.settings?.ui.theme ?? 'system');
  useEffect(() => applyTheme(theme), [theme]);
  const view = useLayout((s) => s.view);
  const inspectorOpen = useLayout((s) => s.inspectorOpen);

  return (
    <MicrophoneProvider>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to the content
        </a>
        <AppHeader />
        <ConnectionProblemBanner />
        <ErrorBanner />
        <ConfigProblemsBanner />
        <ReminderBanners />
        <main id="main" className="workspace" tabIndex={-1}>
          <div className={inspectorOpen ? 'view-conversation with-inspector' : 'view-conversation'} hidden={view !== 'conversation'} data-testid="conversation-view">
            <PanelErrorBoundary title="Conversation">
              <ConversationPanel />
            </PanelErrorBoundary>
            <Inspector />
          </div>
          <div className="view-history" hidden={view !== 'history'} data-testid="history-view">
            <PanelErrorBoundary title="History">
              <SessionsPanel />
            </PanelErrorBoundary>
          </div>
          <div className="view-settings" hidden={view !== 'settings'} data-testid="settings-view">
            <PanelErrorBoundary title="Settings">
              <SettingsPanel />
            </PanelErrorBoundary>
            <div className="settings-side">
              <PanelErrorBoundary title="Microphone">
                <MicrophonePanel />
              </PanelErrorBoundary>
              <PanelErrorBoundary title="Status">
                <StatusPanel />
              </PanelErrorBoundary>
              <PanelErrorBoundary title="Log">
                <LogPanel />
              </PanelErrorBoundary>
            </div>
          </div>
        </main>
      </div>
    </MicrophoneProvider>
  );
}
