import type { ReactNode } from 'react';
import type { TurnTrace } from '../../../shared/trace.ts';
import type { ShownTrace } from '../../state/use-shown-trace.ts';

/** The shown trace's details, or why there are none yet. */
export function ShownTraceState({ id, trace, error, render }: ShownTrace & { render(trace: TurnTrace): ReactNode }) {
  if (trace) return render(trace);
  if (error !== null) {
    return (
      <p role="alert" className="banner banner-error">
        Could not load this turn&apos;s trace: {error}
      </p>
    );
  }
  return <p className="muted">{id === null ? 'No question answered yet.' : 'Loading the trace…'}</p>;
}
