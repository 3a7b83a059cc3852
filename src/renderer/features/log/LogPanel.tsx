import { useId } from 'react';
import { useAppState } from '../../state/app-context.tsx';

export function LogPanel() {
  const headingId = useId();
  const log = useAppState((s) => s.log);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Log</h2>
      {log.length === 0 && <p className="muted">Nothing logged yet.</p>}
      {/* Always rendered: a live region must exist before its content arrives. */}
      {/* tabIndex: the list scrolls, so keyboard users must be able to reach it. */}
      <ol className="log" aria-live="polite" aria-labelledby={headingId} tabIndex={0}>
        {log.map((entry) => {
          const time = new Date(entry.time);
          return (
            <li key={entry.id} className={`log-entry log-${entry.level}`}>
              <span className="log-level">{entry.level}</span>
              <time dateTime={time.toISOString()}>{time.toLocaleTimeString()}</time>
              <span className="log-message">{entry.message}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
