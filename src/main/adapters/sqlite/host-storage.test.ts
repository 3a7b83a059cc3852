import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus, SessionSummary } from '../../../shared/contract.ts';
import type { Result } from '../../../shared/result.ts';
import type { AssistantHost } from '../../host/assistant-host.ts';
import { readLogText } from '../logging/log-file-names.ts';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { createTestHost } from '../../testing/test-host.ts';
import { inUseMessage, openHostDatabase } from './host-database.ts';
import { overwriteBytes, readHistory, sha256, T0, writeHistory } from './testing/history-fixture.ts';

// The host's storage end to end: a real host (createTestHost) on real files.

const posix = process.platform !== 'win32';
const context = { clientId: 'test' };

let temp: ReturnType<typeof makeTempDir> | undefined;
const hosts: AssistantHost[] = [];
afterEach(() => {
  for (const host of hosts.splice(0)) host.close();
  temp?.remove();
  temp = undefined;
});

function start(dataDir: string): AssistantHost {
  const host = createTestHost(dataDir, { clock: { now: () => T0 + 60_000 } });
  hosts.push(host);
  return host;
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const logCodes = (dataDir: string) =>
  readLogText(join(dataDir, 'logs'))
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { code?: string }).code);

describe('the host and its database file', () => {
  it('starts on a damaged database with its history recovered, and says so in the status and the log', async () => {
    temp = makeTempDir('host-storage');
    const dataDir = join(temp.path, 'data');
    const path = join(dataDir, 'assistant.sqlite');
    mkdirSync(dataDir);
    const writer = openHostDatabase(path, { now: () => T0 });
    writeHistory(writer.db, { sessions: 4, runsPerSession: 2, cacheEntries: 5 });
    const original = readHistory(writer.db);
    writer.close();
    // "file is not a database": before, the host could not start at all.
    overwriteBytes(path, 0, Buffer.alloc(100));
    const damaged = sha256(path);

    const host = start(dataDir);
    await host.logReady;
    const status = value<AppStatus>(await host.dispatch('getStatus', undefined, context));
    expect(status.storage.path).toBe(path);
    expect(status.storage.problems).toEqual([
      expect.objectContaining({ kind: 'corrupt', quarantinedAs: expect.stringMatching(/assistant\.corrupt-.+\.sqlite$/), recovered: { sessions: 4, turns: 16, traces: 8 }, count: 1 }),
    ]);
    const { quarantinedAs } = status.storage.problems[0]!;
    expect(sha256(quarantinedAs!)).toBe(damaged);
    expect(logCodes(dataDir).filter((code) => code === 'store_quarantined')).toHaveLength(1);

    const sessions = value<SessionSummary[]>(await host.dispatch('listSessions', { limit: 50 }, context));
    expect(sessions.map((session) => session.id).sort()).toEqual(original.sessions.map((session) => String(session.id)).sort());
    // And it serves: a new turn is asked, answered and stored.
    const session = value<SessionSummary>(await host.dispatch('startSession', undefined, context));
    value(await host.dispatch('ask', { sessionId: session.id, text: 'what is 2 + 3' }, context));
    expect(host.store.listTurns(session.id)).toHaveLength(2);

    // The next start finds a sound file and reports nothing.
    host.close();
    hosts.pop();
    expect(start(dataDir).status().storage.problems).toEqual([]);
  });

  it('will not start beside another host using the same data directory, and says which file and what to do', () => {
    temp = makeTempDir('host-storage');
    start(temp.path);
    expect(() => createTestHost(temp!.path)).toThrow(inUseMessage(join(temp.path, 'assistant.sqlite')));
  });
});

describe.skipIf(!posix)('file modes', () => {
  it('a data directory the app creates is 0700; the database, its -wal and the log are 0600 and logs/ is 0700', async () => {
    temp = makeTempDir('host-storage');
    const dataDir = join(temp.path, 'new', 'Voice Assistant');
    const host = start(dataDir);
    const session = value<SessionSummary>(await host.dispatch('startSession', undefined, context));
    value(await host.dispatch('ask', { sessionId: session.id, text: 'what is 2 + 3' }, context));
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'logs'))).toBe('700');
    await host.logReady;
    expect(mode(join(dataDir, 'logs', 'assistant.1.log'))).toBe('600');
    expect(mode(join(dataDir, 'assistant.sqlite'))).toBe('600');
    expect(mode(join(dataDir, 'assistant.sqlite-wal'))).toBe('600');
  });

  it('leaves a data directory the user chose as it is', () => {
    temp = makeTempDir('host-storage');
    chmodSync(temp.path, 0o755);
    start(temp.path);
    expect(mode(temp.path)).toBe('755');
    expect(mode(join(temp.path, 'assistant.sqlite'))).toBe('600');
  });

  it('tightens a database and log that others could read, once, and logs it', async () => {
    temp = makeTempDir('host-storage');
    const logs = join(temp.path, 'logs');
    mkdirSync(logs, { mode: 0o755 });
    chmodSync(logs, 0o755);
    writeFileSync(join(logs, 'assistant.1.log'), '');
    chmodSync(join(logs, 'assistant.1.log'), 0o644);
    const path = join(temp.path, 'assistant.sqlite');
    const writer = openHostDatabase(path, { now: () => T0 });
    writeHistory(writer.db, { sessions: 1, runsPerSession: 1, cacheEntries: 0 });
    writer.close();
    chmodSync(path, 0o644);

    const first = start(temp.path);
    await first.logReady;
    first.close();
    hosts.pop();
    expect(mode(path)).toBe('600');
    expect(mode(join(logs, 'assistant.1.log'))).toBe('600');
    expect(logCodes(temp.path).filter((code) => code?.endsWith('_permissions_tightened'))).toEqual(['log_permissions_tightened', 'store_permissions_tightened']);

    await start(temp.path).logReady;
    expect(logCodes(temp.path).filter((code) => code?.endsWith('_permissions_tightened'))).toHaveLength(2);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(mode(`${path}-wal`)).toBe('600');
  });
});
