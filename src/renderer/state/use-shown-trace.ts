import { useEffect } from 'react';
import type { TurnTrace } from '../../shared/trace.ts';
import { useAppActions, useAppState } from './app-context.tsx';
import { findTrace, shownTraceId } from './app-store.ts';

export type ShownTrace = {
  /** Null when no turn has been answered or picked yet. */
  id: string | null;
  trace: TurnTrace | null;
  /** Why the trace could not be fetched. */
  error: string | null;
};

/** The turn the routing and trace panels show, fetched from the host when it is not at hand. */
export function useShownTrace(): ShownTrace {
  const id = useAppState(shownTraceId);
  const trace = useAppState((s) => findTrace(s, id));
  const loadError = useAppState((s) => s.traceLoadError);
  const { loadTrace } = useAppActions();
  const error = loadError !== null && loadError.id === id ? loadError.message : null;

  useEffect(() => {
    if (id !== null && trace === null && error === null) void loadTrace(id);
  }, [id, trace, error, loadTrace]);

  return { id, trace, error };
}
