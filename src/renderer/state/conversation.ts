import type { SessionTurn, TurnChunk } from '../../shared/contract.ts';
import type { TurnTrace } from '../../shared/trace.ts';

// The turns of this window's session, kept as plain data with pure transitions so the rules for
// matching pushed chunks and traces to turns are testable without a store or a client.

export const MAX_TURNS = 200;

export type TurnStatus = 'asking' | 'answered' | 'failed';

export type TurnOrigin = 'typed' | 'spoken';

export type ConversationTurn = {
  /** Local and stable from the moment the question is sent: the list key. */
  key: string;
  /** Typed here, or spoken (a voice run's final transcript opened it). */
  origin: TurnOrigin;
  /** The host's id; null until the first chunk, trace or reply of this turn names it. */
  turnId: string | null;
  /** Null for a turn that began elsewhere (a spoken question) until its trace arrives. */
  question: string | null;
  status: TurnStatus;
  /** The final synthesis; may arrive as a `final` chunk before the reply does. */
  answer: string | null;
  error: string | null;
  cacheHit: boolean;
  totalMs: number | null;
  /** The conversational agent that answered (from the trace); null until known. */
  agent: string | null;
  /** Handoffs during the turn, in order. */
  handoffs: { from: string; to: string; type: 'announced' | 'discrete' }[];
  /** A spoken question that could not be transcribed: Retry sends this voice run's kept audio again. */
  retryRunId?: string;
};

export type Conversation = {
  /** Oldest first, at most MAX_TURNS. */
  turns: ConversationTurn[];
  /** Partial answers of turns still running, in arrival order; dropped once the turn ends. */
  chunksByTurn: Record<string, TurnChunk[]>;
};

export const emptyConversation = (): Conversation => ({ turns: [], chunksByTurn: {} });

/** A stored session's messages as its answered turns (question and what was heard of the answer). */
export function conversationFromHistory(messages: readonly SessionTurn[]): Conversation {
  const turns: ConversationTurn[] = [];
  const byRun = new Map<string, ConversationTurn>();
  for (const message of messages) {
    let turn = byRun.get(message.runId);
    if (!turn) {
      turn = { key: `stored-${message.runId}`, origin: 'typed', turnId: message.runId, question: null, status: 'answered', answer: null, error: null, cacheHit: false, totalMs: null, agent: null, handoffs: [] };
      byRun.set(message.runId, turn);
      turns.push(turn);
    }
    if (message.role === 'user') turn.question = message.text;
    else turn.answer = message.interrupted ? `${message.text} …` : message.text;
  }
  return { turns: turns.slice(-MAX_TURNS), chunksByTurn: {} };
}

export function beginTurn(conversation: Conversation, key: string, question: string, origin: TurnOrigin = 'typed'): Conversation {
  const turn: ConversationTurn = {
    key,
    origin,
    turnId: null,
    question,
    status: 'asking',
    answer: null,
    error: null,
    cacheHit: false,
    totalMs: null,
    agent: null,
    handoffs: [],
  };
  return { ...conversation, turns: [...conversation.turns, turn].slice(-MAX_TURNS) };
}

/**
 * A chunk of this session names its turn. A chunk of a spoken question carries its voice run,
 * whose turn `spokenTurnKey` is (from the voice state). Any other unknown turn id belongs to the
 * oldest typed question still waiting for its id (its reply, which carries the id, comes after
 * the chunks). With no such turn, the turn began elsewhere and gets a row of its own. Chunks of
 * finished turns are late and dropped.
 */
export function receiveChunk(
  conversation: Conversation,
  chunk: TurnChunk,
  sessionId: string | null,
  newKey: () => string,
  spokenTurnKey: string | null = null,
): Conversation {
  if (sessionId === null || chunk.sessionId !== sessionId) return conversation;
  // A spoken turn is known by its voice run: its final chunk carries the turn's id for good (the
  // trace's), which its partial chunks may not have had, as a typed turn's reply does.
  if (chunk.voiceRunId && chunk.final && spokenTurnKey !== null) conversation = rebindTurn(conversation, spokenTurnKey, chunk.turnId);
  const waiting = chunk.voiceRunId ? spokenTurnKey : oldestWaitingTypedTurn(conversation);
  const origin: TurnOrigin = chunk.voiceRunId ? 'spoken' : 'typed';
  const { conversation: bound, turn } = turnFor(conversation, chunk.turnId, newKey, waiting, origin);
  if (turn.status !== 'asking') return conversation;
  const chunks = [...(bound.chunksByTurn[chunk.turnId] ?? []), chunk];
  return {
    turns: chunk.final ? replaceTurn(bound.turns, turn.key, { answer: chunk.text }) : bound.turns,
    chunksByTurn: { ...bound.chunksByTurn, [chunk.turnId]: chunks },
  };
}

function rebindTurn(conversation: Conversation, key: string, turnId: string): Conversation {
  const turn = conversation.turns.find((t) => t.key === key);
  if (!turn || turn.status !== 'asking' || turn.turnId === null || turn.turnId === turnId) return conversation;
  const chunksByTurn = { ...without(conversation.chunksByTurn, turn.turnId), [turnId]: conversation.chunksByTurn[turn.turnId] ?? [] };
  return { turns: replaceTurn(conversation.turns, key, { turnId }), chunksByTurn };
}

/** A finished turn's trace: answers its turn (or adds it, for a turn that began elsewhere). */
export function receiveTrace(
  conversation: Conversation,
  trace: TurnTrace,
  sessionId: string | null,
  newKey: () => string,
): Conversation {
  if (sessionId === null || trace.sessionId !== sessionId) return conversation;
  const { conversation: bound, turn } = turnFor(conversation, trace.id, newKey, oldestWaitingTypedTurn(conversation), 'typed');
  if (turn.status === 'failed') return conversation;
  return {
    turns: replaceTurn(bound.turns, turn.key, {
      question: turn.question ?? trace.query,
      status: 'answered',
      answer: trace.answer,
      cacheHit: trace.cache.hit,
      totalMs: trace.totalMs,
      ...conversationOf(trace),
    }),
    chunksByTurn: without(bound.chunksByTurn, trace.id),
  };
}

/** The reply to a typed question: its id is now certain, whatever the chunks guessed. */
export function finishTurn(
  conversation: Conversation,
  key: string,
  reply: { turnId: string; answer: string; trace: TurnTrace },
): Conversation {
  const turn = conversation.turns.find((t) => t.key === key);
  if (!turn) return conversation;
  // A row the trace event added for this id before the reply arrived is the same turn.
  const turns = conversation.turns.filter((t) => t.key === key || t.turnId !== reply.turnId);
  let chunksByTurn = without(conversation.chunksByTurn, reply.turnId);
  if (turn.turnId !== null) chunksByTurn = without(chunksByTurn, turn.turnId);
  return {
    turns: replaceTurn(turns, key, {
      turnId: reply.turnId,
      status: 'answered',
      answer: reply.answer,
      error: null,
      cacheHit: reply.trace.cache.hit,
      totalMs: reply.trace.totalMs,
      ...conversationOf(reply.trace),
    }),
    chunksByTurn,
  };
}

export function failTurn(conversation: Conversation, key: string, message: string): Conversation {
  const turn = conversation.turns.find((t) => t.key === key);
  if (!turn) return conversation;
  return {
    turns: replaceTurn(conversation.turns, key, { status: 'failed', error: message }),
    chunksByTurn: turn.turnId === null ? conversation.chunksByTurn : without(conversation.chunksByTurn, turn.turnId),
  };
}

/** The newest answered turn's id: what the routing and trace panels show unless told otherwise. */
export function latestAnsweredTurnId(conversation: Conversation): string | null {
  for (let i = conversation.turns.length - 1; i >= 0; i--) {
    const turn = conversation.turns[i]!;
    if (turn.status === 'answered' && turn.turnId !== null) return turn.turnId;
  }
  return null;
}

function oldestWaitingTypedTurn(conversation: Conversation): string | null {
  return conversation.turns.find((t) => t.origin === 'typed' && t.status === 'asking' && t.turnId === null)?.key ?? null;
}

/** The turn with this id; else the turn `waitingKey` (if it still waits for an id), bound to it; else a new row. */
function turnFor(
  conversation: Conversation,
  turnId: string,
  newKey: () => string,
  waitingKey: string | null,
  origin: TurnOrigin,
): { conversation: Conversation; turn: ConversationTurn } {
  const known = conversation.turns.find((t) => t.turnId === turnId);
  if (known) return { conversation, turn: known };
  const waiting = conversation.turns.find((t) => t.key === waitingKey && t.status === 'asking' && t.turnId === null);
  if (waiting) {
    const turn = { ...waiting, turnId };
    return { conversation: { ...conversation, turns: replaceTurn(conversation.turns, waiting.key, { turnId }) }, turn };
  }
  const turn: ConversationTurn = {
    key: newKey(),
    origin,
    turnId,
    question: null,
    status: 'asking',
    answer: null,
    error: null,
    cacheHit: false,
    totalMs: null,
    agent: null,
    handoffs: [],
  };
  return { conversation: { ...conversation, turns: [...conversation.turns, turn].slice(-MAX_TURNS) }, turn };
}

function replaceTurn(turns: ConversationTurn[], key: string, patch: Partial<ConversationTurn>): ConversationTurn[] {
  return turns.map((turn) => (turn.key === key ? { ...turn, ...patch } : turn));
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!Object.hasOwn(record, key)) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

/** Who answered and who handed over to whom, as the trace says (older traces say nothing). */
function conversationOf(trace: TurnTrace): Pick<ConversationTurn, 'agent' | 'handoffs'> {
  const conversation = trace.conversation;
  if (!conversation) return { agent: null, handoffs: [] };
  return { agent: conversation.agent, handoffs: conversation.handoffs.map(({ from, to, type }) => ({ from, to, type })) };
}
