import type { ConnectionState } from '../client/connection.ts';
import { useAppState, useLayout } from '../state/app-context.tsx';
import { APP_VIEWS } from '../state/layout-store.ts';

const CONNECTION_LABEL: Record<ConnectionState, string> = {
  open: 'connected',
  connecting: 'connecting',
  closed: 'disconnected',
};

const HOST_LABEL = { electron: 'Desktop app', headless: 'Headless host' } as const;

export const INSPECTOR_ID = 'inspector';

/** The assistant's name, the views (conversation, history, settings), the inspector's toggle and the connection. */
export function AppHeader() {
  const name = useAppState((s) => s.settings?.assistant.name ?? 'Voice Assistant');
  const host = useAppState((s) => s.status?.host ?? null);
  const connection = useAppState((s) => s.connection);
  const view = useLayout((s) => s.view);
  const show = useLayout((s) => s.show);
  const inspectorOpen = useLayout((s) => s.inspectorOpen);
  const setInspectorOpen = useLayout((s) => s.setInspectorOpen);
  return (
    <header className="app-header">
      <h1>{name}</h1>
      <nav aria-label="Views" className="app-nav">
        {APP_VIEWS.map((entry) => (
          <button
            key={entry.view}
            type="button"
            className="app-nav-item"
            aria-current={entry.view === view ? 'page' : undefined}
            data-testid={`view-${entry.view}`}
            onClick={() => show(entry.view)}
          >
            {entry.label}
          </button>
        ))}
      </nav>
      {view === 'conversation' && (
        <button
          type="button"
          className="inspector-toggle"
          aria-expanded={inspectorOpen}
          aria-controls={INSPECTOR_ID}
          data-testid="inspector-toggle"
          onClick={() => setInspectorOpen(!inspectorOpen)}
        >
          {inspectorOpen ? 'Hide inspector' : 'Inspector'}
        </button>
      )}
      <p className={`connection connection-${connection}`}>
        {host && <span className="host-badge">{HOST_LABEL[host]}</span>}
        <span className="visually-hidden">Connection: </span>
        <span data-testid="connection">{CONNECTION_LABEL[connection]}</span>
      </p>
    </header>
  );
}
