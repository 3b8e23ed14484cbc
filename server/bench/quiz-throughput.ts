import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import express from 'express';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { z } from 'zod';
import { QUIZ_BODY, QUIZ_PATH, startBenchServer } from './bench-server.js';

export interface ILoadFigures {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<ILoadFigures> {
  const result = await autocannon({ url, method: 'POST', connections: 50, duration: seconds, headers, body: QUIZ_BODY });
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors
  };
}

/**
 * The minimal path FACTS.md measured (~4,900/s): Express + zod + a grading function + one
 * SQLite insert in a transaction. Run side by side so the ratio, not the machine, is compared.
 */
async function minimalBaseline(seconds: number): Promise<ILoadFigures> {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'voxel-baseline-')), 'b.sqlite'));
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
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  try {
    return await load(`http://127.0.0.1:${port}/submit`, { 'content-type': 'application/json' }, seconds);
  } finally {
    server.close();
    db.close();
  }
}

export async function runQuizThroughputBench(seconds = 10): Promise<{ server: ILoadFigures; baseline: ILoadFigures; ratio: number; liveEventsReceived: number }> {
  const bench = await startBenchServer();
  try {
    const learner = await bench.login('bench-learner');
    // A connected tab, so every submission also fans out a live event for real.
    const ws = new WebSocket(bench.base.replace('http', 'ws') + '/services/academy/api/events', {
      headers: { cookie: learner.cookieHeader(), origin: bench.base }
    });
    let liveEvents = 0;
    ws.on('message', () => liveEvents++);
    await new Promise((r) => ws.once('open', r));
    const headers = { cookie: learner.cookieHeader(), 'content-type': 'application/json', 'x-voxel-academy': '1', origin: bench.base };
    const server = await load(bench.base + QUIZ_PATH, headers, seconds);
    ws.close();
    const baseline = await minimalBaseline(seconds);
    return { server, baseline, ratio: Math.round((100 * server.requestsPerSec) / baseline.requestsPerSec) / 100, liveEventsReceived: liveEvents };
  } finally {
    await bench.stop();
  }
}
