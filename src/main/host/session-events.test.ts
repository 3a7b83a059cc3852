import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract-names.ts';
import type { Result } from '../../shared/result.ts';
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
    expect(events('c', 'log').length).toBeGreaterThan(0);
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
});
