import type { ConversationTrace } from '../../../shared/trace.ts';
import { formatMs } from './trace-format.ts';

/** Which agent answered, the handoffs on the way and every tool call with its arguments and result. */
export function ConversationDetails({ conversation }: { conversation: ConversationTrace }) {
  return (
    <div className="trace-conversation" data-testid="trace-conversation">
      <p>
        Answered by <strong>{conversation.agent}</strong> ({engineLabel[conversation.engine]}) in scenario {conversation.scenario}
      </p>
      {conversation.handoffs.length > 0 && (
        <ul aria-label="Handoffs">
          {conversation.handoffs.map((handoff, index) => (
            <li key={index} data-testid="trace-handoff">
              {handoff.from} → {handoff.to}, {handoff.type}, by {handoff.via === 'tool' ? `the tool ${handoff.tool}` : 'a trigger phrase'}
              {handoff.reason && <span className="muted"> ({handoff.reason})</span>}
            </li>
          ))}
        </ul>
      )}
      {conversation.tools.length > 0 && (
        <table className="trace-tools" aria-label="Tool calls">
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col">Arguments</th>
              <th scope="col">Result</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {conversation.tools.map((call) => (
              <tr key={call.callId} data-testid="trace-tool-call" className={call.ok ? '' : 'trace-tool-failed'}>
                <td>{call.name}</td>
                <td>
                  <code>{call.arguments}</code>
                </td>
                <td>{call.ok ? call.result : `failed: ${call.error ?? call.result}`}</td>
                <td>{formatMs(call.endAtMs - call.startAtMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const engineLabel: Record<ConversationTrace['engine'], string> = {
  moe: 'through the experts',
  llm: 'with its model',
  handoff: 'a handoff greeting',
};
