import { IDEMPOTENCY_HEADER } from '@voxel-academy/protocol';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { QUIZ_BODY, QUIZ_PATH, startBenchServer } from './bench-server.js';
import { PROJECT_PYTHON, runPythonJson } from './python-venv.js';

export interface ILoadFigures {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Responses by status code (ours: 201 for each submission graded, 200 for a repeated key). */
  statusCodes: Record<string, number>;
  /** CPU time of the server's main thread per request answered, in µs (null where /proc has no schedstat). */
  mainThreadUsPerRequest: number | null;
}

/**
 * CPU time the process's main thread has used so far, in ns: the first field of
 * /proc/<pid>/schedstat (the thread group leader's). The thread every request runs on is what
 * bounds a Node server's throughput; null off Linux.
 */
function mainThreadNs(pid: number | undefined): number | null {
  try {
    return pid === undefined ? null : Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

async function load(url: string, headers: Record<string, string>, seconds: number, pid: number | undefined): Promise<ILoadFigures> {
  // idReplacement on both sides (it rebuilds every request in the load generator), so only ours
  // has a placeholder to fill: a fresh Idempotency-Key per submit, as the extension sends.
  const before = mainThreadNs(pid);
  const result = await autocannon({ url, method: 'POST', connections: 50, duration: seconds, headers, body: QUIZ_BODY, idReplacement: true });
  const after = mainThreadNs(pid);
  return {
    mainThreadUsPerRequest: before === null || after === null || result.requests.total === 0 ? null : Math.round((after - before) / 1000 / result.requests.total),
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]))
  };
}

/** The anchor in its own process (minimal-path.mjs): its URL, and a way to stop it. */
export async function startMinimalPath(): Promise<{ url: string; pid: number | undefined; close(): Promise<void> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./minimal-path.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the minimal path exited (${code}) before listening`)));
    child.stdout.once('data', (line: Buffer) => resolve(String(line).trim()));
  });
  return {
    url,
    pid: child.pid,
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
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
    mainThreadUsPerRequest: rounds.every((r) => r.mainThreadUsPerRequest !== null) ? Math.round(mean((r) => r.mainThreadUsPerRequest ?? 0)) : null,
    non2xx: rounds.reduce((s, r) => s + r.non2xx, 0),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    statusCodes: rounds.reduce<Record<string, number>>((all, r) => {
      for (const [code, n] of Object.entries(r.statusCodes)) all[code] = (all[code] ?? 0) + n;
      return all;
    }, {})
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
    const headers = { cookie: learner.cookieHeader(), 'content-type': 'application/json', 'x-voxel-academy': '1', origin: bench.base, [IDEMPOTENCY_HEADER]: '[<id>]' };
    // Alternating halves (ours, minimal, ours, minimal): the machine is shared, and load from
    // elsewhere should fall on both sides of the ratio alike.
    const minimal = await startMinimalPath();
    const ours: ILoadFigures[] = [];
    const theirs: ILoadFigures[] = [];
    try {
      for (let round = 0; round < 2; round++) {
        ours.push(await load(bench.base + QUIZ_PATH, headers, seconds / 2, bench.process.pid));
        theirs.push(await load(minimal.url, { 'content-type': 'application/json' }, seconds / 2, minimal.pid));
      }
    } finally {
      await minimal.close();
    }
    ws.close();
    const server = meanOf(ours);
    const baseline = meanOf(theirs);
    // Every submit must have been a new, graded submission: a repeated key (200) is not graded again.
    const notCreated = Object.entries(server.statusCodes).filter(([code]) => code !== '201');
    if (notCreated.length > 0) throw new Error(`quiz submits answered other than 201 Created: ${JSON.stringify(server.statusCodes)}`);
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
