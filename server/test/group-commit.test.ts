import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../src/store/group-commit.js';

function database(): Database.Database {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'voxel-group-commit-')), 'g.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('create table t (id integer primary key, v text not null unique)');
  return db;
}

describe('group commit', () => {
  it('commits a batch in one transaction, and a failing item undoes only its own writes', async () => {
    const db = database();
    const commits = new GroupCommitter(db);
    const insert = db.prepare('insert into t (v) values (?)');
    const inTransaction: boolean[] = [];
    // Queued in the same turn: one batch, one COMMIT.
    const outcomes = await Promise.allSettled([
      commits.run(() => {
        inTransaction.push(db.inTransaction);
        return insert.run('a').changes;
      }),
      commits.run(() => {
        insert.run('b');
        insert.run('a'); // unique violation after a write of its own
      }),
      commits.run(() => insert.run('c').changes)
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]?.status === 'rejected' && String(outcomes[1].reason)).toMatch(/UNIQUE constraint failed/);
    expect(inTransaction).toEqual([true]);
    // 'b' was written by the failing item before it failed: rolled back with it.
    expect(db.prepare('select v from t order by id').pluck().all()).toEqual(['a', 'c']);
    expect(db.inTransaction).toBe(false);
    // The committer keeps working after a failed item, in a later batch.
    await expect(commits.run(() => insert.run('d').changes)).resolves.toBe(1);
    expect(db.prepare('select count(*) from t').pluck().get()).toBe(3);
    db.close();
  });

  it('fails the whole batch when SQLite has rolled the transaction back, and refuses async work', async () => {
    const db = database();
    const commits = new GroupCommitter(db);
    const insert = db.prepare('insert into t (v) values (?)');
    // As after SQLITE_FULL or an I/O error: the transaction is gone, earlier items' writes with it.
    const settled = await Promise.allSettled([
      commits.run(() => insert.run('a')),
      commits.run(() => {
        db.exec('rollback');
        throw new Error('disk full');
      }),
      commits.run(() => insert.run('c'))
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(db.prepare('select count(*) from t').pluck().get()).toBe(0);
    expect(db.inTransaction).toBe(false);
    // Work that returns a promise would finish after the COMMIT: refused, its writes undone.
    const async = await Promise.allSettled([commits.run(() => Promise.resolve(insert.run('late'))), commits.run(() => insert.run('d').changes)]);
    expect(async.map((s) => s.status)).toEqual(['rejected', 'fulfilled']);
    expect(db.prepare('select v from t').pluck().all()).toEqual(['d']);
    db.close();
  });

  it('resolves nothing before the commit and rejects the whole batch when the commit cannot start', async () => {
    const db = database();
    const other = new Database(db.name);
    other.pragma('busy_timeout = 0');
    const commits = new GroupCommitter(other);
    // Another connection holds the write lock: BEGIN IMMEDIATE fails, nothing is acknowledged.
    db.exec('begin immediate');
    const queued = [commits.run(() => other.prepare("insert into t (v) values ('x')").run()), commits.run(() => 1)];
    const settled = await Promise.allSettled(queued);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    db.exec('rollback');
    expect(db.prepare('select count(*) from t').pluck().get()).toBe(0);
    other.close();
    db.close();
  });
});
