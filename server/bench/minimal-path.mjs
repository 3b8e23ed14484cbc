/* global process */
// The quiz bench's anchor: the minimal path FACTS.md measured, Express + zod + a grading
// function + one SQLite insert in a transaction. It runs in a process of its own, as the course
// server does: in the load generator's process it shared a thread with autocannon, so whatever
// the generator spent per request (e.g. filling in a fresh Idempotency-Key) slowed the anchor
// alone. Prints its URL on stdout once listening; SIGTERM stops it.
import Database from 'better-sqlite3';
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const folder = mkdtempSync(join(tmpdir(), 'voxel-baseline-'));
const db = new Database(join(folder, 'b.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table s (id integer primary key, user text, score real, answers text)');
const insert = db.prepare('insert into s (user, score, answers) values (?, ?, ?)');
const Body = z.object({ answers: z.record(z.string(), z.object({ type: z.string() }).passthrough()) });
const app = express();
app.post('/submit', express.json(), (req, res) => {
  const body = Body.parse(req.body);
  const score = Object.keys(body.answers).length / 5;
  db.transaction(() => insert.run('bench', score, JSON.stringify(body.answers)))();
  res.json({ score });
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}/submit\n`));
process.once('SIGTERM', () => {
  server.close();
  db.close();
  rmSync(folder, { recursive: true, force: true });
  process.exit(0);
});
