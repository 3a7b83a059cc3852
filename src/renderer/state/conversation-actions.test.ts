import { describe, expect, it } from 'vitest';
import type { RequestResult, TraceSummary } from '../../shared/contract.ts';
import { ok, type Result } from '../../shared/result.ts';
import { createFakeClient, deferred } from '../testing/fake-client.ts';
import { sampleCachedTrace, sampleChunk, sampleTrace, summaryOf } from '../testing/trace-fixtures.ts';
import { TRACE_PICKER_LIMIT, createAppActions } from './app-actions.ts';
import { MAX_LOADED_TRACES, createAppStore, findTrace, shownTraceId } from './app-store.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function connected() {
  const fake = createFakeClient();
  const store = createAppStore();
  const actions = createAppActions(fake.client, store);
  const stop = actions.start();
  fake.setConnection('open');
  await settle();
  fake.calls.length = 0;
  fake.requests.length = 0;
  return { fake, store, actions, stop, app: () => store.getState() };
}

describe('asking a typed question', () => {
  it('shows the turn as thinking with partial chunks, then the answer and its trace', async () => {
    const { fake, app, actions } = await connected();
    const pending = deferred<Result<RequestResult<'ask'>>>();
    fake.replies.ask = () => pending.promise;

    const asked = actions.ask('How tall is the Eiffel Tower in feet?');
    expect(fake.requests).toEqual([
      { method: 'ask', params: { sessionId: 'mine', text: 'How tall is the Eiffel Tower in feet?' } },
    ]);
    expect(app().conversation.turns).toMatchObject([{ status: 'asking', question: 'How tall is the Eiffel Tower in feet?' }]);

    fake.pushTurnChunk(sampleChunk({ agent: 'units', text: '1083 feet' }));
    fake.pushTurnChunk(sampleChunk({ agent: 'general', text: 'About 1063 feet' }));
    expect(app().conversation.chunksByTurn['turn-eiffel']?.map((c) => c.text)).toEqual(['1083 feet', 'About 1063 feet']);

    const trace = sampleTrace();
    fake.pushTrace(trace);
    pending.resolve(ok({ turnId: trace.id, answer: trace.answer, trace }));
    const result = await asked;
    await settle();

    expect(result.ok).toBe(true);
    expect(app().conversation.turns).toMatchObject([
      { turnId: 'turn-eiffel', status: 'answered', answer: trace.answer, cacheHit: false },
    ]);
    expect(app().conversation.chunksByTurn).toEqual({});
    expect(shownTraceId(app())).toBe('turn-eiffel');
    expect(findTrace(app(), 'turn-eiffel')).toEqual(trace);
    // The trace event and the reply both ask for the picker; coalesced into one or two requests.
    const listCalls = fake.requests.filter((r) => r.method === 'listTraces');
    expect(listCalls.length).toBeGreaterThanOrEqual(1);
    expect(listCalls.length).toBeLessThanOrEqual(2);
    expect(listCalls[0]?.params).toEqual({ sessionId: 'mine', limit: TRACE_PICKER_LIMIT });
  });

  it('marks an answer served from the cache', async () => {
    const { fake, app, actions } = await connected();
    const cached = sampleCachedTrace();
    fake.replies.ask = () => ok({ turnId: cached.id, answer: cached.answer, trace: cached });

    await actions.ask('How tall is the Eiffel Tower in feet?');

    expect(app().conversation.turns[0]).toMatchObject({ cacheHit: true, totalMs: 4 });
  });

  it('keeps a refused question as a failed turn with the message', async () => {
    const { fake, app, actions } = await connected();
    fake.replies.ask = () => ({ ok: false, error: { code: 'bad_request', message: 'text: Too big' } });

    const result = await actions.ask('x'.repeat(70_000));

    expect(result).toEqual({ ok: false, error: { code: 'bad_request', message: 'text: Too big' } });
    expect(app().conversation.turns).toMatchObject([{ status: 'failed', error: 'text: Too big' }]);
    expect(app().lastError).toBeNull();
  });

  it('fails the turn without a request while there is no session yet', async () => {
    const fake = createFakeClient();
    const store = createAppStore();
    const actions = createAppActions(fake.client, store);

    const result = await actions.ask('hello');

    expect(result.ok).toBe(false);
    expect(fake.calls).toEqual([]);
    expect(store.getState().conversation.turns[0]?.status).toBe('failed');
  });

  it('brings the panels back to the latest turn when a new question is asked', async () => {
    const { app, actions } = await connected();
    await actions.ask('first');
    await actions.showTrace('older-turn');
    expect(shownTraceId(app())).toBe('older-turn');

    await actions.ask('second');
    expect(app().selectedTraceId).toBeNull();
  });
});

describe('pushed events', () => {
  it('adds spoken turns of this session and ignores other sessions in the conversation', async () => {
    const { fake, app } = await connected();
    fake.pushTurnChunk(sampleChunk({ turnId: 'voice-1', text: 'It is ten past four.' }));
    fake.pushTurnChunk(sampleChunk({ turnId: 'theirs', sessionId: 'other' }));
    fake.pushTrace(sampleTrace({ id: 'voice-1', query: 'What time is it?' }));
    fake.pushTrace(sampleTrace({ id: 'theirs', sessionId: 'other' }));
    await settle();

    expect(app().conversation.turns.map((t) => [t.turnId, t.question, t.status])).toEqual([
      ['voice-1', 'What time is it?', 'answered'],
    ]);
    expect(findTrace(app(), 'theirs')).toBeNull();
    // Every trace refreshes the picker, whichever session it belongs to.
    expect(fake.calls.filter((call) => call === 'listTraces').length).toBeGreaterThanOrEqual(1);
  });

  it('runs one picker refresh at a time and repeats it once for a burst of events', async () => {
    const { fake, app } = await connected();
    const replies: ReturnType<typeof deferred<Result<TraceSummary[]>>>[] = [];
    fake.replies.listTraces = () => {
      const reply = deferred<Result<TraceSummary[]>>();
      replies.push(reply);
      return reply.promise;
    };

    for (const id of ['a', 'b', 'c']) fake.pushTrace(sampleTrace({ id }));
    await settle();
    expect(replies).toHaveLength(1);

    replies[0]!.resolve(ok([summaryOf(sampleTrace({ id: 'a' }))]));
    await settle();
    expect(replies).toHaveLength(2);
    replies[1]!.resolve(
      ok([
        summaryOf(sampleTrace({ id: 'a', startedAt: 1 })),
        summaryOf(sampleTrace({ id: 'c', startedAt: 3 })),
        summaryOf(sampleTrace({ id: 'b', startedAt: 2 })),
        summaryOf(sampleTrace({ id: 'foreign', sessionId: 'other' })),
      ]),
    );
    await settle();

    expect(replies).toHaveLength(2);
    expect(app().traceSummaries.map((s) => s.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('showing a trace', () => {
  it('fetches a picked trace once and shows it', async () => {
    const { fake, app, actions } = await connected();
    await Promise.all([actions.showTrace('old-1'), actions.loadTrace('old-1')]);

    expect(fake.requests.filter((r) => r.method === 'getTrace')).toEqual([
      { method: 'getTrace', params: { id: 'old-1' } },
    ]);
    expect(shownTraceId(app())).toBe('old-1');
    expect(findTrace(app(), 'old-1')?.id).toBe('old-1');

    await actions.showTrace('old-1');
    expect(fake.calls.filter((call) => call === 'getTrace')).toHaveLength(1);
  });

  it('keeps the reason a trace could not be fetched until another is picked', async () => {
    const { fake, app, actions } = await connected();
    fake.replies.getTrace = () => ({ ok: false, error: { code: 'not_found', message: 'No trace with id gone' } });

    await actions.showTrace('gone');
    expect(app().traceLoadError).toEqual({ id: 'gone', message: 'No trace with id gone' });

    await actions.showTrace(null);
    expect(app().traceLoadError).toBeNull();
  });

  it('keeps at most MAX_LOADED_TRACES traces, newest first', async () => {
    const { app } = await connected();
    for (let i = 0; i < MAX_LOADED_TRACES + 2; i++) app().storeTrace(sampleTrace({ id: `t${i}` }));
    app().storeTrace(sampleTrace({ id: 't50' }));

    expect(app().loadedTraces).toHaveLength(MAX_LOADED_TRACES);
    expect(app().loadedTraces[0]?.id).toBe('t50');
    expect(findTrace(app(), 't0')).toBeNull();
    expect(new Set(app().loadedTraces.map((t) => t.id)).size).toBe(MAX_LOADED_TRACES);
  });

  it('follows the newest listed turn when the conversation has none', async () => {
    const { app } = await connected();
    app().receiveTraceSummaries([summaryOf(sampleTrace({ id: 'x', startedAt: 1 })), summaryOf(sampleTrace({ id: 'y', startedAt: 2 }))]);
    expect(shownTraceId(app())).toBe('y');
  });

  it('unsubscribes from chunks and traces on stop', async () => {
    const { fake, stop } = await connected();
    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('pages through older turns, and lists every session when asked', async () => {
    const { fake, actions, app } = await connected();
    const page = (prefix: string, count: number, sessionId = 'mine') =>
      Array.from({ length: count }, (_, i) => summaryOf(sampleTrace({ id: `${prefix}${i}`, sessionId, startedAt: 1_000 - i })));
    fake.replies.listTraces = (params) => ok(params?.before ? page('old', 3) : page('new', 50));

    await actions.refreshTraces();
    expect(app().olderTracesExist).toBe(true);
    await actions.loadOlderTraces();
    expect(fake.requests.at(-1)).toEqual({ method: 'listTraces', params: { sessionId: 'mine', limit: 50, before: 'new49' } });
    expect(app().traceSummaries).toHaveLength(53);
    expect(app().olderTracesExist).toBe(false);
    // A later refresh keeps as many as are listed.
    await actions.refreshTraces();
    expect(fake.requests.at(-1)).toEqual({ method: 'listTraces', params: { sessionId: 'mine', limit: 53 } });

    fake.replies.listTraces = () => ok(page('any', 2, 'other-session'));
    await actions.setTraceScope('all');
    expect(fake.requests.at(-1)).toEqual({ method: 'listTraces', params: { limit: 50 } });
    expect(app().traceSummaries.map((s) => s.id)).toEqual(['any0', 'any1']);
    expect(app().traceScope).toBe('all');
  });
});
