import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { openHostDatabase } from './host-database.ts';
import { createWriteBatch } from './write-batch.ts';

// Group commit: the writes of one turn of the event loop land in one transaction, a group that
// must stand or fall together does, and nothing joined is lost when the host closes.

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function table(db: DatabaseSync): void {
  db.exec('CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, text TEXT NOT NULL)');
}

describe('write batch', () => {
  it('commits the writes of one turn of the event loop together, once that turn has run', async () => {
    temp = makeTempDir('write-batch');
    const db = new DatabaseSync(join(temp.path, 'a.sqlite'));
    table(db);
    const batch = createWriteBatch(db);
    const insert = db.prepare('INSERT INTO notes VALUES (?, ?)');
    for (let i = 0; i < 3; i++) {
      batch.join();
      insert.run(`n${i}`, 'text');
    }
    // Open until the turn has run; reads on the connection see the writes meanwhile.
    expect(db.isTransaction).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM notes').get()?.n).toBe(3);
    await nextTurn();
    expect(db.isTransaction).toBe(false);
    db.close();
    const reopened = new DatabaseSync(join(temp.path, 'a.sqlite'));
    expect(reopened.prepare('SELECT count(*) AS n FROM notes').get()?.n).toBe(3);
    reopened.close();
  });

  it('undoes a group that fails as a whole, keeps the other writes of the batch, and tells its caller', async () => {
    temp = makeTempDir('write-batch');
    const db = new DatabaseSync(join(temp.path, 'a.sqlite'));
    table(db);
    const batch = createWriteBatch(db);
    const insert = db.prepare('INSERT INTO notes VALUES (?, ?)');
    batch.join();
    insert.run('kept', 'before');
    expect(() =>
      batch.atomically(() => {
        insert.run('half', 'of a pair');
        insert.run('kept', 'a duplicate id');
      }),
    ).toThrow(/UNIQUE/);
    batch.join();
    insert.run('after', 'still in the batch');
    await nextTurn();
    expect(db.prepare('SELECT id FROM notes ORDER BY id').all().map((row) => row.id)).toEqual(['after', 'kept']);
    db.close();
  });

  it('commits each write on its own when not grouped, and a group atomically', () => {
    temp = makeTempDir('write-batch');
    const db = new DatabaseSync(join(temp.path, 'a.sqlite'));
    table(db);
    const batch = createWriteBatch(db, { grouped: false });
    batch.join();
    db.prepare('INSERT INTO notes VALUES (?, ?)').run('alone', 'x');
    expect(db.isTransaction).toBe(false);
    batch.atomically(() => db.prepare('INSERT INTO notes VALUES (?, ?)').run('pair', 'y'));
    expect(db.isTransaction).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM notes').get()?.n).toBe(2);
    db.close();
  });

  it('the host database commits what is joined before it closes', () => {
    temp = makeTempDir('write-batch');
    const path = join(temp.path, 'assistant.sqlite');
    const host = openHostDatabase(path);
    table(host.db);
    host.writes.join();
    host.db.prepare('INSERT INTO notes VALUES (?, ?)').run('last', 'written just before closing');
    host.close();
    const reopened = new DatabaseSync(path);
    expect(reopened.prepare('SELECT text FROM notes').get()?.text).toBe('written just before closing');
    reopened.close();
  });
});
