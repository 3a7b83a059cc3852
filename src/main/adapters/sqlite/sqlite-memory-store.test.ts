import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { initialMemory, afterHandoff } from '../../core/conversation/session-memory.ts';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { openDatabase } from './database.ts';
import { SqliteMemoryStore } from './sqlite-memory-store.ts';
import { SqliteSessionStore } from './sqlite-session-store.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

describe('session memory in SQLite', () => {
  it('keeps the latest memory of each session across a reopen, and forgets it with the session', () => {
    temp = makeTempDir('memory-store');
    const path = join(temp.path, 'assistant.sqlite');
    let db = openDatabase(path);
    const sessions = new SqliteSessionStore(db, path);
    sessions.createSession({ id: 's1', host: 'headless', startedAt: 1 });
    const store = new SqliteMemoryStore(db);
    expect(store.get('s1')).toBeNull();
    const first = initialMemory('front_desk', 'concierge', 2);
    store.put('s1', first);
    const moved = afterHandoff({ ...first, profile: { user_name: 'Sam' } }, { from: 'concierge', to: 'timekeeper', reason: 'time', fields: { topic: 'Tokyo' } }, 3);
    store.put('s1', moved);
    db.close();

    db = openDatabase(path);
    expect(new SqliteMemoryStore(db).get('s1')).toEqual(moved);
    expect(() => new SqliteMemoryStore(db).put('nobody', moved)).toThrow(/no session nobody/);
    db.prepare("DELETE FROM sessions WHERE id = 's1'").run();
    expect(new SqliteMemoryStore(db).get('s1')).toBeNull();
    db.close();
  });

  it('treats a row that no longer reads as a memory as none, and says so', () => {
    temp = makeTempDir('memory-store');
    const path = join(temp.path, 'assistant.sqlite');
    const db = openDatabase(path);
    new SqliteSessionStore(db, path).createSession({ id: 's1', host: 'headless', startedAt: 1 });
    db.prepare(`INSERT INTO session_memory (session_id, data, updated_at) VALUES ('s1', '{"scenario": 5}', 1)`).run();
    const unreadable: string[] = [];
    expect(new SqliteMemoryStore(db, { onUnreadable: (id) => unreadable.push(id) }).get('s1')).toBeNull();
    expect(unreadable).toEqual(['s1']);
    db.close();
  });
});
