import { describe, expect, it } from 'vitest';
import { sampleCachedTrace, sampleChunk, sampleTrace } from '../testing/trace-fixtures.ts';
import {
  MAX_TURNS,
  beginTurn,
  emptyConversation,
  failTurn,
  finishTurn,
  latestAnsweredTurnId,
  receiveChunk,
  receiveTrace,
  type Conversation,
} from './conversation.ts';

const SESSION = 'mine';

function keys() {
  let next = 1;
  return () => `pushed-${next++}`;
}

const reply = (trace = sampleTrace()) => ({ turnId: trace.id, answer: trace.answer, trace });

describe('conversation', () => {
  it('binds the first chunk of an unknown turn to the question waiting for its id', () => {
    const newKey = keys();
    let c = beginTurn(emptyConversation(), 'q1', 'How tall is the Eiffel Tower in feet?');
    c = receiveChunk(c, sampleChunk({ agent: 'units', text: '1083 feet' }), SESSION, newKey);
    c = receiveChunk(c, sampleChunk({ agent: 'general', text: 'About 1063 feet' }), SESSION, newKey);

    expect(c.turns).toHaveLength(1);
    expect(c.turns[0]).toMatchObject({ key: 'q1', turnId: 'turn-eiffel', status: 'asking', answer: null });
    expect(c.chunksByTurn['turn-eiffel']?.map((chunk) => chunk.agent)).toEqual(['units', 'general']);
  });

  it('shows the final chunk as the answer before the reply, then drops the chunks on the reply', () => {
    const newKey = keys();
    let c = beginTurn(emptyConversation(), 'q1', 'How tall?');
    c = receiveChunk(c, sampleChunk(), SESSION, newKey);
    c = receiveChunk(c, sampleChunk({ agent: null, text: 'It is 1083 feet tall.', final: true }), SESSION, newKey);
    expect(c.turns[0]).toMatchObject({ status: 'asking', answer: 'It is 1083 feet tall.' });

    c = finishTurn(c, 'q1', reply());
    expect(c.turns[0]).toMatchObject({
      status: 'answered',
      answer: sampleTrace().answer,
      cacheHit: false,
      agent: null,
      handoffs: [],
      totalMs: 1_240,
    });
    expect(c.chunksByTurn).toEqual({});
  });

  it('ignores chunks and traces of other sessions, and chunks that come after the end', () => {
    const newKey = keys();
    let c = beginTurn(emptyConversation(), 'q1', 'How tall?');
    const before = c;
    c = receiveChunk(c, sampleChunk({ sessionId: 'other' }), SESSION, newKey);
    c = receiveTrace(c, sampleTrace({ sessionId: 'other' }), SESSION, newKey);
    c = receiveChunk(c, sampleChunk(), null, newKey);
    expect(c).toBe(before);

    c = finishTurn(c, 'q1', reply());
    const finished = c;
    c = receiveChunk(c, sampleChunk({ text: 'late' }), SESSION, newKey);
    expect(c).toBe(finished);
  });

  it('merges the row a trace event added with the reply of the same turn', () => {
    const newKey = keys();
    let c: Conversation = beginTurn(emptyConversation(), 'q1', 'How tall?');
    c = receiveTrace(c, sampleTrace(), SESSION, newKey);
    expect(c.turns).toHaveLength(1);
    expect(c.turns[0]).toMatchObject({ key: 'q1', status: 'answered', question: 'How tall?' });

    c = finishTurn(c, 'q1', reply());
    expect(c.turns.map((t) => [t.key, t.turnId, t.status])).toEqual([['q1', 'turn-eiffel', 'answered']]);
  });

  it('corrects a wrong guess when the reply names another turn', () => {
    const newKey = keys();
    let c = beginTurn(emptyConversation(), 'q1', 'How tall?');
    // A spoken turn of the same session pushed its chunk first and was taken for the typed one.
    c = receiveChunk(c, sampleChunk({ turnId: 'spoken' }), SESSION, newKey);
    c = receiveTrace(c, sampleTrace({ id: 'typed', query: 'How tall?' }), SESSION, newKey);
    expect(c.turns.map((t) => t.turnId)).toEqual(['spoken', 'typed']);

    c = finishTurn(c, 'q1', reply(sampleTrace({ id: 'typed' })));
    expect(c.turns.map((t) => [t.key, t.turnId, t.status])).toEqual([['q1', 'typed', 'answered']]);
    expect(c.chunksByTurn).toEqual({});
  });

  it('adds a row for a turn that began elsewhere and fills its question from the trace', () => {
    const newKey = keys();
    let c = receiveChunk(emptyConversation(), sampleChunk({ turnId: 'voice-1' }), SESSION, newKey);
    expect(c.turns[0]).toMatchObject({ key: 'pushed-1', turnId: 'voice-1', question: null, status: 'asking' });

    c = receiveTrace(c, sampleCachedTrace({ id: 'voice-1', query: 'What time is it?' }), SESSION, newKey);
    expect(c.turns[0]).toMatchObject({ question: 'What time is it?', status: 'answered', cacheHit: true, totalMs: 4 });
    expect(c.chunksByTurn).toEqual({});
  });

  it('keeps a spoken and a typed question asked at the same time on their own rows', () => {
    const newKey = keys();
    // The spoken question opened its row first; the typed one waits behind it.
    let c = beginTurn(emptyConversation(), 'spoken-1', 'what is twelve times seven', 'spoken');
    c = beginTurn(c, 'typed-1', 'How tall is the Eiffel Tower?');
    // The typed turn's chunk comes first: it must not take the spoken row, though that is older.
    c = receiveChunk(c, sampleChunk({ turnId: 'turn-typed', text: '330 m' }), SESSION, newKey, null);
    c = receiveChunk(c, sampleChunk({ turnId: 'turn-spoken', agent: 'calculator', text: '84', voiceRunId: 'run-1' }), SESSION, newKey, 'spoken-1');
    c = receiveTrace(c, sampleTrace({ id: 'turn-spoken', query: 'what is twelve times seven', answer: '12 times 7 is 84.' }), SESSION, newKey);

    expect(c.turns.map((t) => [t.key, t.origin, t.turnId, t.status])).toEqual([
      ['spoken-1', 'spoken', 'turn-spoken', 'answered'],
      ['typed-1', 'typed', 'turn-typed', 'asking'],
    ]);
    expect(c.turns[0]!.answer).toBe('12 times 7 is 84.');
    expect(c.chunksByTurn['turn-typed']?.map((chunk) => chunk.text)).toEqual(['330 m']);
  });

  it("keeps one row for a spoken turn whose partial chunks had another id than its final chunk and trace", () => {
    // The experts' partial answers carry the engine's turn id; the final and the trace the trace's.
    const newKey = keys();
    let c = beginTurn(emptyConversation(), 'spoken-1', 'What is twelve times seven?', 'spoken');
    c = receiveChunk(c, sampleChunk({ turnId: 'engine-turn', agent: 'calculator', text: '84', final: false, voiceRunId: 'run-1' }), SESSION, newKey, 'spoken-1');
    c = receiveChunk(c, sampleChunk({ turnId: 'trace-id', agent: null, text: '12 times 7 is 84.', final: true, voiceRunId: 'run-1' }), SESSION, newKey, 'spoken-1');
    c = receiveTrace(c, sampleTrace({ id: 'trace-id', query: 'What is twelve times seven?', answer: '12 times 7 is 84.' }), SESSION, newKey);
    expect(c.turns.map((t) => [t.key, t.turnId, t.status, t.answer])).toEqual([['spoken-1', 'trace-id', 'answered', '12 times 7 is 84.']]);
    expect(c.chunksByTurn).toEqual({});
  });

  it('gives a spoken turn whose run has no row yet a row of its own', () => {
    const newKey = keys();
    let c = beginTurn(emptyConversation(), 'typed-1', 'How tall?');
    c = receiveChunk(c, sampleChunk({ turnId: 'turn-spoken', voiceRunId: 'run-9' }), SESSION, newKey, null);
    expect(c.turns.map((t) => [t.key, t.origin, t.turnId])).toEqual([
      ['typed-1', 'typed', null],
      ['pushed-1', 'spoken', 'turn-spoken'],
    ]);
  });

  it('records a failure with its message and leaves a failed turn alone', () => {
    const newKey = keys();
    let c = beginTurn(emptyConversation(), 'q1', 'How tall?');
    c = receiveChunk(c, sampleChunk(), SESSION, newKey);
    c = failTurn(c, 'q1', 'The assistant did not answer ask within 30 s.');
    expect(c.turns[0]).toMatchObject({ status: 'failed', error: 'The assistant did not answer ask within 30 s.' });
    expect(c.chunksByTurn).toEqual({});

    expect(receiveTrace(c, sampleTrace(), SESSION, newKey)).toBe(c);
    expect(failTurn(c, 'unknown', 'x')).toBe(c);
  });

  it('keeps at most MAX_TURNS, dropping the oldest', () => {
    let c = emptyConversation();
    for (let i = 0; i < MAX_TURNS + 3; i++) c = beginTurn(c, `q${i}`, `question ${i}`);
    expect(c.turns).toHaveLength(MAX_TURNS);
    expect(c.turns[0]?.key).toBe('q3');
  });

  it('names the newest answered turn as the latest', () => {
    const newKey = keys();
    let c = beginTurn(emptyConversation(), 'q1', 'first');
    c = finishTurn(c, 'q1', reply(sampleTrace({ id: 'a' })));
    c = beginTurn(c, 'q2', 'second');
    expect(latestAnsweredTurnId(c)).toBe('a');
    c = receiveTrace(c, sampleTrace({ id: 'b' }), SESSION, newKey);
    expect(latestAnsweredTurnId(c)).toBe('b');
    expect(latestAnsweredTurnId(emptyConversation())).toBeNull();
  });
});
