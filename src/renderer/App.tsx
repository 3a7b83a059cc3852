import { useEffect } from 'react';
import { AppHeader } from './app/AppHeader.tsx';
import { ConnectionProblemBanner, ErrorBanner } from './app/ErrorBanner.tsx';
import { PanelErrorBoundary } from './app/PanelErrorBoundary.tsx';
import { LogPanel } from './features/log/LogPanel.tsx';
import { SessionsPanel } from './features/sessions/SessionsPanel.tsx';
import { SettingsPanel } from './features/settings/SettingsPanel.tsx';
import { StatusPanel } from './features/status/StatusPanel.tsx';
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
      <main className="panels">
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
      </main>
    </div>
  );
}
