import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeHub } from '../test/support/fake-hub.js';
import { startPostgres } from '../test/support/postgres.js';
import { SECRET } from '../test/support/test-config.js';
import { QUIZ_BODY, QUIZ_PATH } from './bench-server.js';
import { METRICS_TOKEN, startReplicaSet, type IBenchLearner, type IReplicaSet } from './scale-cluster.js';

const IMAGE_PATH = '/services/academy/api/courses/demo/assessments/segmentation/submissions';
const SECONDS = Number(process.env.VOXEL_SCALE_SECONDS ?? 8);
const CONNECTIONS = 50;
const LEARNERS = 100;

interface IFigures {
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Read from each replica's api/metrics half-way through the run (what an operator would watch). */
  midRun: IMidRun[];
}

interface IMidRun {
  dbPoolOpen: number | null;
  dbPoolWaiting: number | null;
  gradingPending: number | null;
  eventLoopP99Ms: number | null;
}

function gauge(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

async function scrape(base: string): Promise<IMidRun> {
  const text = await (await fetch(`${base}/services/academy/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const loop = gauge(text, 'voxel_event_loop_delay_p99_seconds');
  return {
    dbPoolOpen: gauge(text, 'voxel_db_pool_connections{state="open"}'),
    dbPoolWaiting: gauge(text, 'voxel_db_pool_connections{state="waiting"}'),
    gradingPending: gauge(text, 'voxel_grading_queue_depth{state="pending"}'),
    eventLoopP99Ms: loop === null ? null : Math.round(loop * 1000)
  };
}

type Workload = 'quiz' | 'image';

/**
 * Submissions from many learners (each request as the next learner, so PostgreSQL's per-learner
 * attempt lock is not what is measured), spread over the replicas: the connections are split
 * between them, as a load balancer would.
 */
async function load(set: IReplicaSet, workload: Workload, seconds: number): Promise<IFigures> {
  const runs = set.bases.map((base, r) => {
    let next = r;
    const learner = (): IBenchLearner => {
      const l = set.learners[next++ % set.learners.length];
      if (!l) throw new Error('no bench learners');
      return l;
    };
    return autocannon({
      url: base + (workload === 'quiz' ? QUIZ_PATH : IMAGE_PATH),
      method: 'POST',
      connections: Math.round(CONNECTIONS / set.bases.length),
      duration: seconds,
      requests: [
        {
          setupRequest: (req) => {
            const l = learner();
            const body = workload === 'quiz' ? QUIZ_BODY : JSON.stringify({ answers: { mask: { type: 'image', uploadId: l.uploadId }, volume: { type: 'number', value: 0.9, unit: 'mL' } } });
            return { ...req, body, headers: { cookie: l.cookie, 'content-type': 'application/json', 'x-voxel-academy': '1', origin: base } };
          }
        }
      ]
    });
  });
  const midRun = new Promise<IMidRun[]>((resolve) => setTimeout(() => resolve(Promise.all(set.bases.map(scrape))), (seconds * 1000) / 2));
  const results = await Promise.all(runs);
  // Rates add up across replicas; latencies are taken from the slower replica (what a learner may get).
  return {
    perSec: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0)),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    midRun: await midRun
  };
}

const ratio = (a: number, b: number): number => Math.round((100 * a) / Math.max(1, b)) / 100;

/**
 * `npm run bench:scale`: quiz and image submissions on SQLite (one server) and on PostgreSQL
 * with one and with two replicas, in the same run, as ratios. Written to bench-results/scale.json.
 */
async function main(): Promise<void> {
  const hub = new FakeHub(SECRET);
  await hub.start();
  const cluster = await startPostgres();
  const configs: Array<{ name: string; databaseUrl: string | null; replicas: number; dbPoolSize?: number }> = [
    { name: 'sqlite-1', databaseUrl: null, replicas: 1 },
    { name: 'postgres-1', databaseUrl: await cluster.createDatabase(), replicas: 1 },
    { name: 'postgres-2', databaseUrl: await cluster.createDatabase(), replicas: 2 },
    // The default pool (10) saturates under 50 connections (its waiting gauge says so): the same
    // single replica with a pool of 30 shows what that costs.
    { name: 'postgres-1-pool30', databaseUrl: await cluster.createDatabase(), replicas: 1, dbPoolSize: 30 }
  ];
  const figures: Record<string, Record<Workload, IFigures>> = {};
  try {
    for (const c of configs) {
      const pool = c.databaseUrl ? `, ${c.dbPoolSize ?? 'default'} pool connections each` : '';
      console.log(`${c.name}: ${c.replicas} replica(s) on ${c.databaseUrl ? 'PostgreSQL' : 'SQLite'}${pool}, ${LEARNERS} learners, ${CONNECTIONS} connections, ${SECONDS} s per workload…`);
      const set = await startReplicaSet(hub, { databaseUrl: c.databaseUrl, replicas: c.replicas, learners: LEARNERS, ...(c.dbPoolSize ? { dbPoolSize: c.dbPoolSize } : {}) });
      try {
        const quiz = await load(set, 'quiz', SECONDS);
        const image = await load(set, 'image', SECONDS);
        figures[c.name] = { quiz, image };
        for (const [w, f] of Object.entries({ quiz, image })) {
          const mid = f.midRun
            .map((m) => `pool ${m.dbPoolOpen ?? '–'} open/${m.dbPoolWaiting ?? '–'} waiting, ${m.gradingPending} pending, loop p99 ${m.eventLoopP99Ms} ms`)
            .join(' | ');
          console.log(`  ${w.padEnd(5)} ${String(f.perSec).padStart(6)}/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, non-2xx ${f.non2xx}, errors ${f.errors}; mid-run: ${mid}`);
        }
      } finally {
        await set.stop();
      }
    }
  } finally {
    await cluster.stop();
    await hub.stop();
  }
  const f = (name: string, w: Workload): number => figures[name]?.[w].perSec ?? 0;
  const ratios = Object.fromEntries(
    (['quiz', 'image'] as const).map((w) => [
      w,
      {
        postgres1VsSqlite: ratio(f('postgres-1', w), f('sqlite-1', w)),
        postgres2VsPostgres1: ratio(f('postgres-2', w), f('postgres-1', w)),
        postgres2VsSqlite: ratio(f('postgres-2', w), f('sqlite-1', w)),
        pool30VsPool10: ratio(f('postgres-1-pool30', w), f('postgres-1', w))
      }
    ])
  );
  console.log('ratios (submissions per second, same run, same machine):');
  for (const [w, r] of Object.entries(ratios)) {
    console.log(
      `  ${w.padEnd(5)} PostgreSQL 1 replica / SQLite ${r.postgres1VsSqlite}; 2 replicas / 1 replica ${r.postgres2VsPostgres1}; 2 replicas / SQLite ${r.postgres2VsSqlite}; pool of 30 / pool of 10 ${r.pool30VsPool10}`
    );
  }
  console.log(`  (${cpus().length} cores shared by the replicas, PostgreSQL and the load generator: a second replica adds no cores here, so 2/1 measures coordination cost, not scale-out)`);
  const out = fileURLToPath(new URL('../../bench-results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'scale.json'), JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, seconds: SECONDS, connections: CONNECTIONS, learners: LEARNERS, figures, ratios }, null, 2) + '\n');
  console.log(`written to ${join(out, 'scale.json')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
