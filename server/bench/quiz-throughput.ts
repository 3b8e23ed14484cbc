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
import { PROJECT_PYTHON, runPythonJson } from './python-venv.js';

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
async function startMinimalPath(): Promise<{ url: string; close(): void }> {
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
  return {
    url: `http://127.0.0.1:${port}/submit`,
    close: () => {
      server.close();
      db.close();
    }
  };
}

/** Mean of rounds (throughput and percentiles alike): each round is one autocannon run. */
function meanOf(rounds: ILoadFigures[]): ILoadFigures {
  const mean = (f: (r: ILoadFigures) => number): number => Math.round((10 * rounds.reduce((s, r) => s + f(r), 0)) / rounds.length) / 10;
  return {
    requestsPerSec: Math.round(mean((r) => r.requestsPerSec)),
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: mean((r) => r.p99Ms),
    non2xx: rounds.reduce((s, r) => s + r.non2xx, 0),
    errors: rounds.reduce((s, r) => s + r.errors, 0)
  };
}

export interface INotebookGraderFigures {
  submissions: number;
  p50Ms: number;
  maxMs: number;
  /** Submissions a second one grading process sustains (1000 / p50). */
  perSecond: number;
}

/**
 * The other anchor: each submission graded by executing a notebook with nbclient in a fresh
 * ipykernel, as nbgrader and otter-grader do. Uses the project's venv (JupyterLab brings both).
 */
export async function notebookGrader(submissions: number): Promise<INotebookGraderFigures> {
  const run = await runPythonJson<{ timesMs: number[]; score: number }>(PROJECT_PYTHON, 'nbclient_grader.py', [String(submissions)]);
  if (run.score !== 1) throw new Error(`the notebook grader scored the bench answers ${run.score}, not 1`);
  const sorted = [...run.timesMs].sort((a, b) => a - b);
  const p50 = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  return { submissions, p50Ms: Math.round(p50), maxMs: Math.round(sorted.at(-1) ?? NaN), perSecond: Math.round(10000 / p50) / 10 };
}

export interface IQuizFigures {
  server: ILoadFigures;
  baseline: ILoadFigures;
  /** Requests a second, ours over the minimal path's. */
  ratio: number;
  /** p99 latency, ours over the minimal path's. */
  p99Ratio: number;
  notebook: INotebookGraderFigures;
  liveEventsReceived: number;
}

export async function runQuizThroughputBench(seconds = 10, notebookSubmissions = 8): Promise<IQuizFigures> {
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
    // Alternating halves (ours, minimal, ours, minimal): the machine is shared, and load from
    // elsewhere should fall on both sides of the ratio alike.
    const minimal = await startMinimalPath();
    const ours: ILoadFigures[] = [];
    const theirs: ILoadFigures[] = [];
    try {
      for (let round = 0; round < 2; round++) {
        ours.push(await load(bench.base + QUIZ_PATH, headers, seconds / 2));
        theirs.push(await load(minimal.url, { 'content-type': 'application/json' }, seconds / 2));
      }
    } finally {
      minimal.close();
    }
    ws.close();
    const server = meanOf(ours);
    const baseline = meanOf(theirs);
    const notebook = await notebookGrader(notebookSubmissions);
    return {
      server,
      baseline,
      ratio: Math.round((100 * server.requestsPerSec) / baseline.requestsPerSec) / 100,
      p99Ratio: Math.round((100 * server.p99Ms) / baseline.p99Ms) / 100,
      notebook,
      liveEventsReceived: liveEvents
    };
  } finally {
    await bench.stop();
  }
}
