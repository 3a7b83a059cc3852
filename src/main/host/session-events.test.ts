import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract-names.ts';
import type { Result } from '../../shared/result.ts';
import { createManualTime } from '../core/testing/manual-time.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import type { AssistantHost } from './assistant-host.ts';

// Pushed events reach only the clients that should see them: a session's answers and traces go
// to the windows that have it open, never to another window or socket.

let temp: ReturnType<typeof makeTempDir> | undefined;
let host: AssistantHost | undefined;
afterEach(() => {
  host?.close();
  temp?.remove();
});

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};

/** What each of the given clients received, by event name, as a listener per client would (the gateway and IPC do). */
function listen(target: AssistantHost, clientIds: string[]) {
  const received = new Map(clientIds.map((id) => [id, [] as { event: EventName; payload: any }[]]));
  target.subscribe((event, payload, isFor) => {
    for (const id of clientIds) if (isFor(id)) received.get(id)!.push({ event, payload });
  });
  return (clientId: string, event: EventName) => received.get(clientId)!.filter((e) => e.event === event).map((e) => e.payload);
}

describe('events by session', () => {
  it("sends a session's answer chunks and trace only to the clients that have it open", async () => {
    temp = makeTempDir('session-events');
    host = createTestHost(temp.path);
    const events = listen(host, ['a', 'b', 'c']);
    const sessionA = value<{ id: string }>(await host.dispatch('startSession', undefined, { clientId: 'a' }));
    const sessionB = value<{ id: string }>(await host.dispatch('startSession', undefined, { clientId: 'b' }));

    value(await host.dispatch('ask', { sessionId: sessionA.id, text: 'what is 6 times 7' }, { clientId: 'a' }));
    value(await host.dispatch('ask', { sessionId: sessionB.id, text: 'what is 2 plus 2' }, { clientId: 'b' }));
    // Traces are stored and pushed just after the answer.
    await expect.poll(() => events('b', 'trace').length).toBe(1);

    expect(events('a', 'turnChunk').map((chunk) => chunk.sessionId)).toEqual(expect.arrayContaining([sessionA.id]));
    expect(events('a', 'turnChunk').every((chunk) => chunk.sessionId === sessionA.id)).toBe(true);
    expect(events('a', 'trace').map((trace) => trace.sessionId)).toEqual([sessionA.id]);
    expect(events('b', 'turnChunk').every((chunk) => chunk.sessionId === sessionB.id)).toBe(true);
    expect(events('b', 'trace').map((trace) => trace.sessionId)).toEqual([sessionB.id]);
    // A connected client with no session hears status and log lines, none of the conversations.
    expect(events('c', 'turnChunk')).toEqual([]);
    expect(events('c', 'trace')).toEqual([]);
    host.logger.info({ code: 'bench_line' }, 'a line of no session');
    expect(events('c', 'log').map((line) => line.code)).toContain('bench_line');
  });

  it("sends a session's log lines only to the clients that have it open, and lines of no session to everyone", async () => {
    temp = makeTempDir('session-events');
    host = createTestHost(temp.path);
    const events = listen(host, ['a', 'b', 'c']);
    const sessionA = value<{ id: string }>(await host.dispatch('startSession', undefined, { clientId: 'a' }));
    const sessionB = value<{ id: string }>(await host.dispatch('startSession', undefined, { clientId: 'b' }));
    value(await host.dispatch('ask', { sessionId: sessionA.id, text: 'what is 6 times 7' }, { clientId: 'a' }));
    value(await host.dispatch('ask', { sessionId: sessionB.id, text: 'what is 2 plus 2' }, { clientId: 'b' }));
    await expect.poll(() => events('b', 'log').filter((line) => line.code === 'turn_finished').length).toBe(1);
    host.logger.info({ code: 'no_session_line' }, 'a line of no session');

    const sessionsIn = (client: string) => new Set(events(client, 'log').flatMap((line) => (line.sessionId === null ? [] : [line.sessionId])));
    expect(sessionsIn('a')).toEqual(new Set([sessionA.id]));
    expect(sessionsIn('b')).toEqual(new Set([sessionB.id]));
    expect(sessionsIn('c')).toEqual(new Set());
    for (const client of ['a', 'b', 'c']) expect(events(client, 'log').map((line) => line.code)).toContain('no_session_line');
    expect(events('a', 'log').filter((line) => line.code === 'turn_finished')).toHaveLength(1);
    // A line about one connection (a socket connected, dropped, read too slowly) is that connection's.
    host.logger.info({ code: 'ws_connected', clientId: 'c' }, 'client connected');
    expect(events('c', 'log').map((line) => line.code)).toContain('ws_connected');
    expect(events('a', 'log').map((line) => line.code)).not.toContain('ws_connected');
    expect(events('b', 'log').map((line) => line.code)).not.toContain('ws_connected');
  });

  it('refuses a question into a session this client has not opened, and lets it resume the session', async () => {
    temp = makeTempDir('session-events');
    host = createTestHost(temp.path);
    const events = listen(host, ['a', 'b']);
    const session = value<{ id: string }>(await host.dispatch('startSession', undefined, { clientId: 'a' }));

    const refused = await host.dispatch('ask', { sessionId: session.id, text: 'what is 6 times 7' }, { clientId: 'b' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/not open in this window/) } });
    expect(await host.dispatch('resumeSession', { sessionId: 'no-such-session' }, { clientId: 'b' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    value(await host.dispatch('resumeSession', { sessionId: session.id }, { clientId: 'b' }));
    value(await host.dispatch('ask', { sessionId: session.id, text: 'what is 6 times 7' }, { clientId: 'b' }));
    // Both windows have it open now: both see the answer.
    await expect.poll(() => events('a', 'trace').length).toBe(1);
    expect(events('b', 'trace')).toHaveLength(1);
  });

  it('ends a session when the last client that had it open leaves, and reopens it on resume', async () => {
    temp = makeTempDir('session-events');
    host = createTestHost(temp.path);
    const session = value<{ id: string }>(await host.dispatch('startSession', undefined, { clientId: 'a' }));
    value(await host.dispatch('resumeSession', { sessionId: session.id }, { clientId: 'b' }));
    const endedAt = () => host!.store.getSession(session.id)!.endedAt;

    host.clientGone('a');
    expect(endedAt()).toBeNull();
    host.clientGone('b');
    expect(endedAt()).not.toBeNull();

    // A window that reconnects resumes its own session: open again, and its events come back.
    const resumed = value<{ endedAt: number | null }>(await host.dispatch('resumeSession', { sessionId: session.id }, { clientId: 'a2' }));
    expect(resumed.endedAt).toBeNull();
    expect(endedAt()).toBeNull();
  });

  it('stores one trace per turn, also when the words were read in several languages before giving up', async () => {
    temp = makeTempDir('session-events');
    host = createTestHost(temp.path);
    const session = value<{ id: string }>(await host.dispatch('startSession', undefined, { clientId: 'a' }));
    const answered = value<{ trace: { id: string } }>(await host.dispatch('ask', { sessionId: session.id, text: 'what is 6 times 7' }, { clientId: 'a' }));
    const unanswered = value<{ trace: { id: string } }>(await host.dispatch('ask', { sessionId: session.id, text: 'qué es un blorp' }, { clientId: 'a' }));
    await expect.poll(async () => value<{ id: string }[]>(await host!.dispatch('listTraces', { sessionId: session.id }, { clientId: 'a' })).length).toBeGreaterThanOrEqual(2);
    // Let any late write land before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stored = value<{ id: string }[]>(await host.dispatch('listTraces', { sessionId: session.id }, { clientId: 'a' }));
    expect(stored.map((trace) => trace.id).sort()).toEqual([answered.trace.id, unanswered.trace.id].sort());
  });

  it('pushes the status on its interval only when more than the uptime changed', async () => {
    temp = makeTempDir('session-events');
    const time = createManualTime(Date.UTC(2026, 10, 20, 14, 4));
    host = createTestHost(temp.path, { clock: time.clock, setTimer: time.setTimer });
    const statuses: { appName: string; uptimeMs: number }[] = [];
    host.subscribe((event, payload) => {
      if (event === 'status') statuses.push(payload as { appName: string; uptimeMs: number });
    });
    // A new listener hears the status at once; the test host's interval is 50 ms, on the host's timers.
    expect(statuses).toHaveLength(1);
    time.advance(50);
    expect(statuses.length).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setImmediate(resolve));
    const settled = statuses.length;
    for (let i = 0; i < 20; i++) time.advance(50);
    expect(statuses).toHaveLength(settled);

    value(await host.dispatch('updateSettings', { assistant: { name: 'Ada' } }, { clientId: 'a' }));
    expect(statuses.at(-1)?.appName).toBe('Ada');
    const afterChange = statuses.length;
    for (let i = 0; i < 20; i++) time.advance(50);
    // Real time passing pushes nothing either: no timer of its own beside the host's.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(statuses).toHaveLength(afterChange);
  });
});
