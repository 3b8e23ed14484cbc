import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';

const MIGRATIONS = join(import.meta.dirname, '..', 'drizzle');

/** The shipped migrations up to and including `lastTag`, in a folder of their own. */
function migrationsUpTo(lastTag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'voxel-migrations-'));
  mkdirSync(join(folder, 'meta'));
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThan(0);
  const entries = journal.entries.slice(0, last + 1);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const file of readdirSync(MIGRATIONS).filter((f) => entries.some((e) => f === `${e.tag}.sql`))) copyFileSync(join(MIGRATIONS, file), join(folder, file));
  return folder;
}

describe('SQLite migrations', () => {
  it('0008 rebuilds item_grades WITHOUT ROWID and keeps every grade, key and foreign key', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'voxel-migrate-')), 'academy.sqlite');
    // A database as the previous release left it, with graded submissions in it.
    const before = new Database(file);
    before.pragma('journal_mode = WAL');
    before.pragma('foreign_keys = ON');
    migrate(drizzle(before), { migrationsFolder: migrationsUpTo('0007_best_scores') });
    before.exec(`insert into users (name, roles, first_seen, last_seen) values ('ada', '[]', 1, 1)`);
    const submission = before.prepare(
      `insert into submissions (id, user, course, assessment, attempt, status, answers, submitted_at, late, late_factor, score, passed, graded_at)
       values (?, 'ada', 'mia', 'quiz', ?, 'graded', '{}', 1, 0, 1, 0.5, 0, 2)`
    );
    const grade = before.prepare('insert into item_grades values (?, ?, ?, 1, 1, ?, ?)');
    for (const [attempt, id] of ['s1', 's2'].entries()) {
      submission.run(id, attempt + 1);
      grade.run(id, 'q1', 1, 'Correct.', null);
      grade.run(id, 'q2', 0, 'Not quite: 7 mm³ is outside 8 ± 1 %.', '{"dice":0.81}');
    }
    const rowsBefore = before.prepare('select * from item_grades order by submission_id, item_id').all();
    before.close();

    const db = openDatabase(file).$client;
    const ddl = db.prepare("select sql from sqlite_master where name = 'item_grades'").pluck().get() as string;
    expect(ddl).toMatch(/WITHOUT ROWID\s*$/);
    expect(db.prepare('select * from item_grades order by submission_id, item_id').all()).toEqual(rowsBefore);
    // The primary key still refuses a second grade for the same item, and the foreign key a
    // grade for a submission that does not exist.
    expect(() => db.prepare("insert into item_grades values ('s1', 'q1', 1, 1, 1, 'again', null)").run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare("insert into item_grades values ('nope', 'q1', 1, 1, 1, 'orphan', null)").run()).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
