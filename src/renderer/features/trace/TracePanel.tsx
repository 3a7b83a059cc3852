import { useId } from 'react';
import type { TurnTrace } from '../../../shared/trace.ts';
import { useShownTrace } from '../../state/use-shown-trace.ts';
import { AggregationDetails } from './AggregationDetails.tsx';
import { ConversationDetails } from './ConversationDetails.tsx';
import { ShownTraceState } from './ShownTraceState.tsx';
import { TracePicker } from './TracePicker.tsx';
import { formatMs } from './trace-format.ts';
import { Waterfall } from './Waterfall.tsx';

export function TracePanel() {
  const headingId = useId();
  const shown = useShownTrace();
  return (
    <section className="panel trace-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Trace</h2>
      <TracePicker shownId={shown.id} />
      <ShownTraceState {...shown} render={(trace) => <TraceDetails trace={trace} />} />
    </section>
  );
}

export function TraceDetails({ trace }: { trace: TurnTrace }) {
  const started = new Date(trace.startedAt);
  return (
    <>
      <div className="trace-summary">
        <p className="trace-query">{trace.query}</p>
        <p className="trace-facts">
          <time dateTime={started.toISOString()}>{started.toLocaleTimeString()}</time>
          <span data-testid="trace-total">total {formatMs(trace.totalMs)}</span>
          {trace.cache.hit && <span className="badge badge-cache">from cache</span>}
          {trace.voiceMode && <span className="badge">voice</span>}
          {trace.voice?.voiceToVoiceMs != null && (
            <span data-testid="trace-voice-to-voice">voice to voice {formatMs(trace.voice.voiceToVoiceMs)}</span>
          )}
        </p>
      </div>
      {trace.conversation && <ConversationDetails conversation={trace.conversation} />}
      <Waterfall trace={trace} />
      {trace.aggregation && <AggregationDetails aggregation={trace.aggregation} agents={trace.agents} />}
      {trace.errors.length > 0 && (
        <div className="banner banner-warning trace-errors" data-testid="trace-errors">
          <p>Problems met on the way (the turn still answered):</p>
          <ul>
            {trace.errors.map((error, index) => (
              <li key={index}>{error}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
