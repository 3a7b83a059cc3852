import type { AggregationTrace } from '../../../shared/trace.ts';
import { AGGREGATION_LABEL, CONFLICT_KIND_LABEL, formatMs, formatShare } from './trace-format.ts';

export function AggregationDetails({ aggregation }: { aggregation: AggregationTrace }) {
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
        <p className="muted">The agents agreed.</p>
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
