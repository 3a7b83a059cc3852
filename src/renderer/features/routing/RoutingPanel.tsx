import { useId } from 'react';
import type { TurnTrace } from '../../../shared/trace.ts';
import { useShownTrace } from '../../state/use-shown-trace.ts';
import { ShownTraceState } from '../trace/ShownTraceState.tsx';
import { STRATEGY_DESCRIPTION, STRATEGY_LABEL, describeCache, formatScore, sortedCandidates } from './routing-format.ts';

export function RoutingPanel() {
  const headingId = useId();
  const { id, trace, error } = useShownTrace();
  return (
    <section className="panel routing-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Routing</h2>
      <ShownTraceState id={id} trace={trace} error={error} render={(shown) => <RoutingDetails trace={shown} />} />
    </section>
  );
}

export function RoutingDetails({ trace }: { trace: TurnTrace }) {
  const { routing, cache } = trace;
  return (
    <>
      <p className="routing-query">
        <span className="muted">Question: </span>
        {trace.query}
      </p>
      <dl className="facts">
        <dt>Cache</dt>
        <dd data-testid="route-cache">
          {describeCache(cache)}
          {cache.hit && <span className="badge badge-cache">from cache</span>}
        </dd>
        {cache.note && (
          <>
            <dt>Cache note</dt>
            <dd>{cache.note}</dd>
          </>
        )}
        <dt>Strategy</dt>
        <dd>
          {routing ? (
            <>
              <span data-testid="route-strategy">{STRATEGY_LABEL[routing.strategy]}</span>
              <span className="muted"> — {STRATEGY_DESCRIPTION[routing.strategy]}</span>
            </>
          ) : (
            <span data-testid="route-strategy">
              {cache.hit ? 'Not routed: answered from the cache' : 'Not routed'}
            </span>
          )}
        </dd>
      </dl>
      {routing?.error && (
        <p role="alert" className="banner banner-warning" data-testid="route-error">
          Routing problem: {routing.error}
        </p>
      )}
      {routing && routing.candidates.length > 0 && <CandidateTable trace={trace} />}
      {routing && routing.candidates.length === 0 && <p className="muted">No candidate agents were scored.</p>}
      {routing && (
        <p className="explanation" data-testid="route-explanation">
          {routing.explanation}
        </p>
      )}
    </>
  );
}

function CandidateTable({ trace }: { trace: TurnTrace }) {
  const captionId = useId();
  const candidates = sortedCandidates(trace.routing?.candidates ?? []);
  return (
    // tabIndex: the table scrolls sideways on narrow windows.
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="candidates">
        <caption id={captionId}>Candidate agents, best score first</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Embedding</th>
            <th scope="col">Classifier</th>
            <th scope="col">Combined</th>
            <th scope="col">Selected</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((candidate) => (
            <tr
              key={candidate.agent}
              data-testid="route-candidate"
              className={candidate.selected ? 'candidate-selected' : undefined}
            >
              <th scope="row">{candidate.agent}</th>
              <td>{formatScore(candidate.embeddingScore)}</td>
              <td>{formatScore(candidate.classifierScore)}</td>
              <td>{formatScore(candidate.score)}</td>
              <td>{candidate.selected ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
