import { useEffect, useId, useState } from 'react';
import type { AssistantApi, CallView } from '../../../shared/contract.ts';
import { getAssistantClient } from '../../client/assistant-client.ts';
import { useAppActions, useAppState } from '../../state/app-context.tsx';
import { formatMs } from '../trace/trace-format.ts';

type CallsClient = Pick<AssistantApi, 'listCalls' | 'hangUpCall' | 'onCall'>;

type Props = {
  /** Default: the app's client, resolved on first use (tests render without one). */
  client?: CallsClient;
  initialCalls?: CallView[];
};

const CARRIER = { twilio: 'Twilio', sip: 'SIP' } as const;
const ENDED_BY = { caller: 'the caller hung up', assistant: 'the assistant hung up', disconnected: 'the line dropped' } as const;

/** Phone calls going on and past: who, when, how long, who answers; hang up, or open one to read it and its traces. */
export function CallsPanel({ client, initialCalls = [] }: Props) {
  const headingId = useId();
  const connection = useAppState((s) => s.connection);
  const { openPastSession } = useAppActions();
  const [calls, setCalls] = useState<CallView[]>(initialCalls);
  const [problem, setProblem] = useState<string | null>(null);
  const api = () => client ?? getAssistantClient();

  useEffect(() => api().onCall((call) => setCalls((list) => [call, ...list.filter((entry) => entry.id !== call.id)])), []);
  useEffect(() => {
    if (connection !== 'open') return;
    let live = true;
    void api()
      .listCalls()
      .then((result) => {
        if (!live) return;
        if (result.ok) setCalls(result.value);
        else setProblem(`Could not list the calls: ${result.error.message}`);
      });
    return () => {
      live = false;
    };
  }, [connection]);

  async function hangUp(call: CallView) {
    const result = await api().hangUpCall({ id: call.id });
    setProblem(result.ok ? null : `Could not hang up: ${result.error.message}`);
  }

  const ordered = [...calls].sort((a, b) => Number(a.state === 'ended') - Number(b.state === 'ended') || b.startedAt - a.startedAt);
  return (
    <section className="panel calls-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Calls</h2>
      {ordered.length === 0 ? (
        <p className="muted">No phone calls yet. Settings › Phone connects a Twilio number.</p>
      ) : (
        <ol className="calls">
          {ordered.map((call) => (
            <li key={call.id} className={call.state === 'ended' ? 'call' : 'call call-live'} data-testid="call" data-state={call.state}>
              <p className="call-who">
                <strong>{call.caller ?? 'Unknown caller'}</strong> <span className="badge">{CARRIER[call.carrier]}</span>{' '}
                <span className={call.state === 'ended' ? 'muted' : 'badge badge-ok'}>{call.state === 'ended' ? `ended, ${call.endedBy ? ENDED_BY[call.endedBy] : ''}` : 'on the line'}</span>
              </p>
              <p className="muted">
                <time dateTime={new Date(call.startedAt).toISOString()}>{new Date(call.startedAt).toLocaleString()}</time>
                {call.endedAt !== null && ` · ${formatMs(call.endedAt - call.startedAt)}`}
                {call.activeAgent && ` · answered by ${call.activeAgent.replace(/_/g, ' ')}`}
              </p>
              <div className="form-actions">
                <button type="button" onClick={() => void openPastSession(call.sessionId)} aria-label={`Open the conversation of the call from ${call.caller ?? 'an unknown caller'}`}>
                  Open the conversation
                </button>
                {call.state !== 'ended' && (
                  <button type="button" onClick={() => void hangUp(call)} aria-label={`Hang up the call from ${call.caller ?? 'an unknown caller'}`}>
                    Hang up
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {problem && (
        <p role="alert" className="banner banner-error">
          {problem}
        </p>
      )}
    </section>
  );
}
