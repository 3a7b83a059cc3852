import type { ConnectionState } from '../client/connection.ts';
import { useAppState } from '../state/app-context.tsx';

const CONNECTION_LABEL: Record<ConnectionState, string> = {
  open: 'connected',
  connecting: 'connecting',
  closed: 'disconnected',
};

const HOST_LABEL = { electron: 'Desktop app', headless: 'Headless host' } as const;

export function AppHeader() {
  const name = useAppState((s) => s.settings?.assistant.name ?? 'Voice Assistant');
  const host = useAppState((s) => s.status?.host ?? null);
  const connection = useAppState((s) => s.connection);
  return (
    <header className="app-header">
      <h1>{name}</h1>
      {host && <span className="host-badge">{HOST_LABEL[host]}</span>}
      <p className={`connection connection-${connection}`}>
        <span className="visually-hidden">Connection: </span>
        <span data-testid="connection">{CONNECTION_LABEL[connection]}</span>
      </p>
    </header>
  );
}
