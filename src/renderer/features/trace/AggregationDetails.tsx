import type { AgentTrace, AggregationTrace } from '../../../shared/trace.ts';
import { AGGREGATION_LABEL, CONFLICT_KIND_LABEL, formatMs, formatShare } from './trace-format.ts';

/** Agreement is only claimed between answers: with one answer (the others abstained or failed) there is nothing to compare. */
export function comparisonNote(agents: readonly AgentTrace[]): string {
  const answered = agents.filter((agent) => agent.status === 'success').length;
  const abstained = agents.filter((agent) => agent.status === 'abstained').map((agent) => agent.agent);
  const declined = abstained.length > 0 ? ` (${abstained.join(', ')} abstained)` : '';
  if (answered >= 2) return `The ${answered} answers agreed${declined}.`;
  return answered === 1 ? `One answer, nothing to compare${declined}.` : `No answers to compare${declined}.`;
}

export function AggregationDetails({ aggregation, agents = [] }: { aggregation: AggregationTrace; agents?: readonly AgentTrace[] }) {
  const weights = Object.entries(aggregation.weights).sort(([, a], [, b]) => b - a);
  return (
    <div className="aggregation">
      <h3>Aggregation</h3>
      <dl className="facts">
        <dt>Strategy</dt>
        <dd data-testid="aggregation-strategy">{AGGREGATION_LABEL[aggregation.strategy]}</dd>
        <dt>Quality</dt>
        <dd data-testid="aggregation-quality">{aggregation.quality.toFixed(2)}</dd>
        {aggregation.speakingTimeMs !== null && (
          <>
            <dt>Speaking time</dt>
            <dd>{formatMs(aggregation.speakingTimeMs)}</dd>
          </>
        )}
        <dt>Weights</dt>
        <dd>
          {weights.length === 0 ? (
            'none'
          ) : (
            <ul className="weights">
              {weights.map(([agent, weight]) => (
                <li key={agent} data-testid="aggregation-weight">
                  <span className="chunk-agent">{agent}</span> {weight.toFixed(2)}{' '}
                  <span className="muted">({formatShare(weight)})</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {aggregation.error && (
        <p role="alert" className="banner banner-warning">
          Synthesis problem: {aggregation.error}
        </p>
      )}

      <h3>Conflicts</h3>
      {aggregation.conflicts.length === 0 ? (
        <p className="muted">{comparisonNote(agents)}</p>
      ) : (
        <ul className="conflicts">
          {aggregation.conflicts.map((conflict, index) => (
            <li key={index} data-testid="trace-conflict" className="conflict">
              <p>
                <strong>{CONFLICT_KIND_LABEL[conflict.kind]}</strong>{' '}
                <span className="muted">differ between {conflict.agents.join(' and ')}</span>
              </p>
              <ul className="conflict-values">
                {conflict.agents.map((agent, i) => (
                  <li key={agent}>
                    <span className="chunk-agent">{agent}</span> said “{conflict.values[i] ?? '?'}”
                  </li>
                ))}
              </ul>
              <p>
                Resolved to “<strong>{conflict.resolvedTo}</strong>” <span className="muted">({conflict.resolution})</span>
              </p>
            </li>
          ))}
        </ul>
      )}

      <h3>Provenance</h3>
      {aggregation.provenance.length === 0 ? (
        <p className="muted">No sentence was tied to an agent.</p>
      ) : (
        <ol className="provenance">
          {aggregation.provenance.map((entry, index) => (
            <li key={index} data-testid="trace-provenance">
              <span className="provenance-sentence">{entry.sentence}</span>
              <span className="provenance-agents">
                <span className="visually-hidden">from </span>
                {entry.agents.map((agent) => (
                  <span key={agent} className="badge badge-agent">
                    {agent}
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
