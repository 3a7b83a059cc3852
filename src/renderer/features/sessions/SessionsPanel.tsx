import { useId, useState } from 'react';
import type { SessionSummary } from '../../../shared/contract.ts';
import { useAppActions, useAppState, useLayout } from '../../state/app-context.tsx';

export function SessionsPanel() {
  const headingId = useId();
  const sessions = useAppState((s) => s.sessions);
  const currentSessionId = useAppState((s) => s.currentSessionId);
  const { refreshSessions, newConversation } = useAppActions();
  const show = useLayout((s) => s.show);
  const [refreshing, setRefreshing] = useState(false);

  async function refresh() {
    setRefreshing(true);
    await refreshSessions();
    setRefreshing(false);
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="panel-heading">
        <h2 id={headingId}>Sessions</h2>
        <button type="button" onClick={() => void newConversation().then(() => show('conversation'))}>
          New conversation
        </button>
        <button type="button" onClick={() => void refresh()} disabled={refreshing}>
          Refresh
        </button>
      </div>
      {sessions.length === 0 ? (
        <p className="muted">No sessions yet.</p>
      ) : (
        <ol className="sessions">
          {sessions.map((session) => (
            <SessionItem key={session.id} session={session} current={session.id === currentSessionId} />
          ))}
        </ol>
      )}
    </section>
  );
}

function SessionItem({ session, current }: { session: SessionSummary; current: boolean }) {
  const started = new Date(session.startedAt);
  const { openPastSession } = useAppActions();
  const show = useLayout((s) => s.show);
  return (
    <li className={current ? 'session session-current' : 'session'} data-testid="session">
      <span className="session-title" data-testid="session-title">
        {session.title ?? (session.turnCount === 0 ? 'Nothing asked yet' : 'Untitled conversation')}
      </span>
      <time dateTime={started.toISOString()}>{started.toLocaleString()}</time>
      <span className="muted">{session.host}</span>
      <span>
        {session.turnCount} {session.turnCount === 1 ? 'turn' : 'turns'}
      </span>
      {current ? (
        <strong>(this window)</strong>
      ) : (
        <button type="button" aria-label={`Open “${session.title ?? 'the conversation'}” of ${started.toLocaleString()}`} onClick={() => void openPastSession(session.id).then(() => show('conversation'))}>
          Open
        </button>
      )}
    </li>
  );
}
