import type { TurnChunk } from '../../../shared/contract.ts';
import type { ConversationTurn } from '../../state/conversation.ts';
import type { VoiceRun } from '../../state/voice-state.ts';
import { formatMs } from '../trace/trace-format.ts';
import { VoiceAnswer } from '../voice/VoiceAnswer.tsx';

type Props = {
  turn: ConversationTurn;
  chunks: TurnChunk[];
  /** Its trace is the one the routing and trace panels show. */
  shown: boolean;
  onShowTrace(turnId: string): void;
  /** Shows the turn in the inspector and opens it. */
  onInspect(turnId: string): void;
  /** The voice runs of a spoken turn: its answer is shown as it was spoken and heard. */
  voiceRuns?: VoiceRun[];
  /** How the UI names each conversational agent (the scenario's titles). */
  agentTitle?: (name: string) => string;
  /** Sends a spoken question that could not be transcribed again. */
  onRetry?(turnKey: string): void;
};

export function TurnItem({ turn, chunks, shown, onShowTrace, onInspect, voiceRuns = [], agentTitle = (name) => name, onRetry }: Props) {
  const speaker = turn.agent === null ? 'Assistant' : agentTitle(turn.agent);
  const { turnId } = turn;
  const spoken = voiceRuns.length > 0;
  const spokenParts = voiceRuns.some((run) => run.parts.length > 0);
  const interrupted = voiceRuns.some((run) => run.heardText !== null);
  const selectable = turn.status === 'answered' && turnId !== null;
  const partials = chunks.filter((chunk) => !chunk.final);
  const classes = ['turn', `turn-${turn.status}`, shown ? 'turn-shown' : '', selectable ? 'turn-selectable' : ''];

  return (
    // A click picks the turn for the inspector; its "Inspect" button (the keyboard way) also opens it.
    <li
      data-testid="turn"
      data-status={turn.status}
      className={classes.filter(Boolean).join(' ')}
      aria-busy={turn.status === 'asking'}
      aria-current={shown ? 'true' : undefined}
      onClick={selectable ? () => onShowTrace(turnId) : undefined}
    >
      <p className="turn-question">
        <span className="turn-speaker">You</span>
        <span data-testid="question">{turn.question ?? '(spoken question)'}</span>
        {spoken && <span className="badge badge-spoken">spoken</span>}
      </p>

      {turn.status === 'asking' && (
        <div className="turn-progress">
          {partials.length > 0 && (
            <ul className="chunks" aria-label="Partial answers">
              {partials.map((chunk, index) => (
                <li key={index} data-testid="partial-chunk" className="chunk">
                  <span className="chunk-agent">{chunk.agent ?? 'assistant'}</span>
                  <span className="badge badge-partial">partial</span>
                  <span className="chunk-text">{chunk.text}</span>
                </li>
              ))}
            </ul>
          )}
          {/* The synthesis can come before the reply; the answer element waits for the reply, which
              also says whether the cache served it. */}
          {spokenParts ? (
            <div className="turn-answer">
              <span className="turn-speaker">Assistant</span>
              <VoiceAnswer runs={voiceRuns} testId="draft-answer" />
            </div>
          ) : turn.answer === null ? (
            <p className="thinking">Thinking…</p>
          ) : (
            <div className="turn-answer">
              <span className="turn-speaker">Assistant</span>
              <p data-testid="draft-answer">{turn.answer}</p>
            </div>
          )}
        </div>
      )}

      {turn.handoffs.map((handoff, index) => (
        <p key={index} className="turn-handoff" data-testid="handoff">
          {agentTitle(handoff.from)} handed the conversation to {agentTitle(handoff.to)}
          <span className="badge">{handoff.type}</span>
        </p>
      ))}

      {turn.status === 'answered' && (
        <div className="turn-answer">
          <span className="turn-speaker" data-testid="turn-agent">
            {speaker}
          </span>
          {spokenParts ? <VoiceAnswer runs={voiceRuns} testId="answer" /> : <p data-testid="answer">{turn.answer}</p>}
        </div>
      )}

      {turn.status === 'failed' && spoken && interrupted && (
        <p className="muted turn-interrupted" data-testid="turn-error">
          <span className="badge badge-interrupted">interrupted</span> {turn.error}
        </p>
      )}

      {turn.status === 'failed' && turn.retryRunId !== undefined && (
        <div className="banner banner-error turn-error" data-testid="turn-error">
          <p>Not understood: {turn.error}</p>
          {onRetry && (
            <button type="button" onClick={() => onRetry(turn.key)}>
              Retry
            </button>
          )}
        </div>
      )}

      {turn.status === 'failed' && turn.retryRunId === undefined && !(spoken && interrupted) && (
        <p role="alert" className="banner banner-error turn-error" data-testid="turn-error">
          Not answered: {turn.error}
        </p>
      )}

      {selectable && (
        <div className="turn-meta">
          {turn.cacheHit && <span className="badge badge-cache">from cache</span>}
          {turn.totalMs !== null && <span className="muted">{formatMs(turn.totalMs)}</span>}
          <button
            type="button"
            // One tab stop for the whole transcript (the list): arrow keys move between these.
            tabIndex={-1}
            data-inspect=""
            onClick={(event) => {
              event.stopPropagation();
              onInspect(turnId);
            }}
            aria-label={`Inspect the answer to: ${turn.question ?? 'the spoken question'}`}
          >
            Inspect
          </button>
        </div>
      )}
    </li>
  );
}
