import { useEffect } from 'react';
import { AppHeader } from './app/AppHeader.tsx';
import { ConnectionProblemBanner, ErrorBanner } from './app/ErrorBanner.tsx';
import { PanelErrorBoundary } from './app/PanelErrorBoundary.tsx';
import { ConversationPanel } from './features/conversation/ConversationPanel.tsx';
import { ReminderBanners } from './features/reminders/ReminderBanners.tsx';
import { LogPanel } from './features/log/LogPanel.tsx';
import { MicrophonePanel } from './features/microphone/MicrophonePanel.tsx';
import { RoutingPanel } from './features/routing/RoutingPanel.tsx';
import { SessionsPanel } from './features/sessions/SessionsPanel.tsx';
import { SettingsPanel } from './features/settings/SettingsPanel.tsx';
import { StatusPanel } from './features/status/StatusPanel.tsx';
import { TracePanel } from './features/trace/TracePanel.tsx';
import { useAppState } from './state/app-context.tsx';
import { applyTheme } from './theme/apply-theme.ts';

export function App() {
  const theme = useAppState((s) => s.settings?.ui.theme ?? 'system');
  useEffect(() => applyTheme(theme), [theme]);

  return (
    <div className="app">
      <AppHeader />
      <ConnectionProblemBanner />
      <ErrorBanner />
      <ReminderBanners />
      <main className="workspace">
        <PanelErrorBoundary title="Conversation">
          <ConversationPanel />
        </PanelErrorBoundary>
        <div className="inspector">
          <PanelErrorBoundary title="Routing">
            <RoutingPanel />
          </PanelErrorBoundary>
          <PanelErrorBoundary title="Trace">
            <TracePanel />
          </PanelErrorBoundary>
        </div>
        <div className="panels">
          <PanelErrorBoundary title="Microphone">
            <MicrophonePanel />
          </PanelErrorBoundary>
          <PanelErrorBoundary title="Status">
            <StatusPanel />
          </PanelErrorBoundary>
          <PanelErrorBoundary title="Settings">
            <SettingsPanel />
          </PanelErrorBoundary>
          <PanelErrorBoundary title="Sessions">
            <SessionsPanel />
          </PanelErrorBoundary>
          <PanelErrorBoundary title="Log">
            <LogPanel />
          </PanelErrorBoundary>
        </div>
      </main>
    </div>
  );
}
