import { UNAUTHORIZED_MESSAGE } from '../client/connection.ts';
import { useAppState, useAppStore, useLayout } from '../state/app-context.tsx';

export function ErrorBanner() {
  const lastError = useAppState((s) => s.lastError);
  const store = useAppStore();
  if (!lastError) return null;
  return (
    <div role="alert" className="banner banner-error">
      <p>{lastError}</p>
      <button type="button" aria-label="Dismiss error" onClick={() => store.getState().dismissError()}>
        Dismiss
      </button>
    </div>
  );
}

/** Broken settings files, said on every view; the details (file, line, field) are in Settings › Status. */
export function ConfigProblemsBanner() {
  const count = useAppState((s) => s.status?.configErrors.length ?? 0);
  const view = useLayout((s) => s.view);
  const show = useLayout((s) => s.show);
  if (count === 0 || view === 'settings') return null;
  return (
    <div role="alert" className="banner banner-warning" data-testid="config-problems-banner">
      <p>
        {count === 1 ? 'A setting could not be read' : `${count} settings could not be read`}: running on defaults for {count === 1 ? 'it' : 'them'}.
      </p>
      <button type="button" onClick={() => show('settings')}>
        Show in Settings
      </button>
    </div>
  );
}

export function ConnectionProblemBanner() {
  const problem = useAppState((s) => s.connectionProblem);
  if (problem !== 'unauthorized') return null;
  return (
    <div role="alert" className="banner banner-error">
      <p>{UNAUTHORIZED_MESSAGE}</p>
    </div>
  );
}
