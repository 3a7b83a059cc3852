import { beginTurn, type Conversation, type ConversationTurn } from './conversation.ts';
import { shownAnswer, type VoiceRun, type VoiceView } from './voice-state.ts';

// Spoken exchanges appear in the conversation as turns like typed ones: a run's final transcript
// opens a turn (whose pushed chunks and trace then bind to it as for a typed question), and a run
// that ends without an answer settles its turn so it stops waiting for one.

export const INTERRUPTED_BEFORE_ANSWER = 'Interrupted before the answer.';
/** What a spoken question that could not be transcribed shows in place of its words. */
export const NOT_TRANSCRIBED = '(what you said could not be turned into words)';
export const ENDED_WITHOUT_ANSWER = 'The spoken question got no answer.';

/** Opens conversation turns for final transcripts and settles the turns of runs that are over. */
export function linkVoiceTurns(
  view: VoiceView,
  conversation: Conversation,
  newKey: () => string,
): { view: VoiceView; conversation: Conversation; opened: boolean } {
  let opened = false;
  let previousKey: string | null = null;
  const runs = view.runs.map((run): VoiceRun => {
    let linked = run;
    if (linked.turnKey === null && linked.transcriptionFailed) {
      // What the user said stays in the transcript, with the reason and a Retry.
      const key = newKey();
      conversation = beginTurn(conversation, key, NOT_TRANSCRIBED, 'spoken');
      conversation = { ...conversation, turns: conversation.turns.map((turn) => (turn.key === key ? { ...turn, retryRunId: linked.runId } : turn)) };
      linked = { ...linked, turnKey: key };
    } else if (linked.turnKey === null && linked.userFinal && linked.userText.trim().length > 0) {
      const key = newKey();
      conversation = beginTurn(conversation, key, linked.userText.trim(), 'spoken');
      linked = { ...linked, turnKey: key };
      opened = true;
    } else if (linked.turnKey === null && !linked.userFinal && linked.userText === '' && linked.parts.length > 0) {
      // An answer resumed after a false barge-in: a new run without a question of its own.
      linked = { ...linked, turnKey: previousKey };
    }
    if (linked.over && linked.turnKey !== null) conversation = settleTurn(conversation, linked.turnKey, linked);
    if (linked.turnKey !== null) previousKey = linked.turnKey;
    return linked;
  });
  return { view: { ...view, runs }, conversation, opened };
}

function settleTurn(conversation: Conversation, key: string, run: VoiceRun): Conversation {
  const turn = conversation.turns.find((t) => t.key === key);
  if (!turn || turn.status !== 'asking') return conversation;
  const answer = shownAnswer(run);
  const patch: Partial<ConversationTurn> =
    answer.length > 0
      ? { status: 'answered', answer }
      : { status: 'failed', error: run.error ?? (run.heardText !== null ? INTERRUPTED_BEFORE_ANSWER : ENDED_WITHOUT_ANSWER) };
  const chunksByTurn = { ...conversation.chunksByTurn };
  if (turn.turnId !== null) delete chunksByTurn[turn.turnId];
  return { turns: conversation.turns.map((t) => (t.key === key ? { ...t, ...patch } : t)), chunksByTurn };
}

/** The voice runs a conversation turn shows, oldest first (more than one when an answer resumed). */
export const voiceRunsOfTurn = (view: VoiceView, key: string): VoiceRun[] =>
  view.runs.filter((run) => run.turnKey === key);
