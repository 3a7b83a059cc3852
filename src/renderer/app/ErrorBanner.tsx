import { UNAUTHORIZED_MESSAGE } from '../client/connection.ts';
import { useAppState, useAppStore } from '../state/app-context.tsx';

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

export function ConnectionProblemBanner() {
  const problem = useAppState((s) => s.connectionProblem);
  if (problem !== 'unauthorized') return null;
  return (
    <div role="alert" className="banner banner-error">
      <p>{UNAUTHORIZED_MESSAGE}</p>
    </div>
  );
}
