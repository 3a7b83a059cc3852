import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useAppActions, useAppState, useLayout } from '../../state/app-context.tsx';
import { shownTraceId } from '../../state/app-store.ts';
import { voiceRunsOfTurn } from '../../state/voice-turns.ts';
import { VoiceBar } from '../voice/VoiceBar.tsx';
import { AskForm } from './AskForm.tsx';
import { FirstRun } from './FirstRun.tsx';
import { TurnItem } from './TurnItem.tsx';

export function ConversationPanel() {
  const headingId = useId();
  const hintId = useId();
  const turns = useAppState((s) => s.conversation.turns);
  const chunksByTurn = useAppState((s) => s.conversation.chunksByTurn);
  const shownId = useAppState(shownTraceId);
  const voice = useAppState((s) => s.voice);
  const { showTrace, newConversation, retryTranscription } = useAppActions();
  const openInspector = useLayout((s) => s.setInspectorOpen);
  const conversationStatus = useAppState((s) => s.status?.conversation ?? null);
  const titles = new Map((conversationStatus?.agents ?? []).map((agent) => [agent.name, agent.title]));
  const agentTitle = (name: string) => titles.get(name) ?? name.replace(/_/g, ' ');
  const listRef = useRef<HTMLOListElement>(null);

  // Keep the newest turn in view as turns and partial answers arrive.
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [turns, chunksByTurn, voice.runs]);

  const latest = turns.at(-1);
  // Who answers next: the last turn's agent, or the scenario's start agent.
  const activeAgent = [...turns].reverse().find((turn) => turn.agent !== null)?.agent ?? conversationStatus?.startAgent ?? null;
  const showActive = conversationStatus !== null && conversationStatus.agents.length > 1 && activeAgent !== null;
  const latestSpoken = latest !== undefined && voiceRunsOfTurn(voice, latest.key).length > 0;
  return (
    <section className="panel conversation-panel" aria-labelledby={headingId}>
      <div className="panel-heading">
        <h2 id={headingId}>Conversation</h2>
        {turns.length > 0 && (
          <button type="button" onClick={() => void newConversation()}>
            New conversation
          </button>
        )}
      </div>
      {showActive && (
        <p className="active-agent" data-testid="active-agent">
          Talking to <strong>{agentTitle(activeAgent)}</strong>
        </p>
      )}
      <VoiceBar />
      {turns.length === 0 && <FirstRun />}
      {/* tabIndex: the list scrolls, so keyboard users must be able to reach it. It is one tab stop:
          the arrow keys move between its Inspect buttons, and Tab goes on to the question box. */}
      <ol
        ref={listRef}
        className="conversation"
        aria-label="Conversation"
        aria-describedby={hintId}
        tabIndex={0}
        hidden={turns.length === 0}
        onKeyDown={(event) => moveAmongInspectButtons(event, listRef.current)}
      >
        {turns.map((turn) => (
          <TurnItem
            key={turn.key}
            turn={turn}
            chunks={turn.turnId === null ? [] : (chunksByTurn[turn.turnId] ?? [])}
            shown={turn.turnId !== null && turn.turnId === shownId}
            onShowTrace={(id) => void showTrace(id)}
            onInspect={(id) => {
              void showTrace(id);
              openInspector(true);
            }}
            voiceRuns={voiceRunsOfTurn(voice, turn.key)}
            agentTitle={agentTitle}
            onRetry={(key) => void retryTranscription(key)}
          />
        ))}
      </ol>
      {/* Announces the outcome once instead of every partial answer. */}
      <p role="status" className="visually-hidden">
        {latest?.status === 'asking' && 'Thinking…'}
        {/* A spoken answer is heard already; reading it out as well would talk over it. */}
        {latest?.status === 'answered' && !latestSpoken && latest.answer}
        {latest?.status === 'failed' && `Not answered: ${latest.error ?? ''}`}
      </p>
      <p id={hintId} className="visually-hidden">
        Arrow keys move between the answers' Inspect buttons; press slash anywhere to type a question.
      </p>
      <AskForm />
    </section>
  );
}

/** Up and Down (Home, End) move the focus between the Inspect buttons of the transcript. */
function moveAmongInspectButtons(event: KeyboardEvent<HTMLOListElement>, list: HTMLOListElement | null): void {
  if (!list || !['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) return;
  const buttons = [...list.querySelectorAll<HTMLButtonElement>('button[data-inspect]')];
  if (buttons.length === 0) return;
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    event.key === 'Home' ? 0
    : event.key === 'End' ? buttons.length - 1
    : at === -1 ? (event.key === 'ArrowUp' ? buttons.length - 1 : 0)
    : Math.min(buttons.length - 1, Math.max(0, at + (event.key === 'ArrowUp' ? -1 : 1)));
  event.preventDefault();
  buttons[next]!.focus();
}
