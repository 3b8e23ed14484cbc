import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { IReserveInput, IStore } from '../../src/store/types.js';
import { startPostgres, type IPostgresCluster } from '../support/postgres.js';

const allow = (): { allow: true; late: boolean; lateFactor: number } => ({ allow: true, late: false, lateFactor: 1 });

interface IBackend {
  name: string;
  /** Two stores on the same database, as two replicas (or two processes on one SQLite file) hold them. */
  open(): Promise<[IStore, IStore]>;
}

let cluster: IPostgresCluster | null = null;
const backends: IBackend[] = [
  {
    name: 'SQLite',
    async open() {
      const file = join(mkdtempSync(join(tmpdir(), 'voxel-queue-')), 'academy.sqlite');
      const first = new SqliteStore(file);
      return [first, new SqliteStore(file)];
    }
  },
  {
    name: 'PostgreSQL',
    async open() {
      cluster ??= await startPostgres();
      const url = await cluster.createDatabase();
      const first = await PgStore.open(url);
      return [first, await PgStore.open(url)];
    }
  }
];

afterAll(async () => {
  await cluster?.stop();
});

describe.each(backends)('the grading queue on $name', (backend) => {
  let a: IStore;
  let b: IStore;
  let n = 0;
  beforeAll(async () => {
    [a, b] = await backend.open();
    await a.upsertUser('ada', ['learner'], 1);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  async function submit(claim?: IReserveInput['claim'], at = 1000): Promise<string> {
    const id = `s-${backend.name}-${++n}`;
    const out = await a.reserveAttempt({ user: 'ada', course: 'c', assessment: `x${n}`, idempotencyKey: null, answers: { q: 1 }, now: at, newId: id, ...(claim ? { claim } : {}) }, allow);
    expect(out.kind).toBe('created');
    return id;
  }

  it('leaves a submission alone while its lease runs, and hands it over once it lapses', async () => {
    const held = await submit({ owner: 'replica-1', until: 5000 });
    expect((await b.gradingQueue.claimPending({ owner: 'replica-2', until: 9000 }, 4999, 10)).map((r) => r.id)).not.toContain(held);
    const taken = await b.gradingQueue.claimPending({ owner: 'replica-2', until: 9000 }, 5001, 10);
    expect(taken.map((r) => r.id)).toContain(held);
    const record = taken.find((r) => r.id === held)!;
    expect(record).toMatchObject({ user: 'ada', status: 'pending', answers: { q: 1 }, attempt: 1, late: false, items: [] });
    // Renewals by the replica that lost it change nothing; the new holder's do.
    await a.gradingQueue.renewClaims({ owner: 'replica-1', until: 100_000 }, [held]);
    expect((await a.gradingQueue.claimPending({ owner: 'replica-3', until: 1 }, 9001, 10)).map((r) => r.id)).toContain(held);
  });

  it('gives concurrent sweepers disjoint submissions that together cover the queue', async () => {
    // Drain what earlier cases left, then queue 40 unclaimed submissions.
    await a.gradingQueue.claimPending({ owner: 'drain', until: Number.MAX_SAFE_INTEGER }, Number.MAX_SAFE_INTEGER - 1, 1000);
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push(await submit(undefined, 2000 + i));
    expect(await a.gradingQueue.pendingCount()).toBeGreaterThanOrEqual(40);
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).gradingQueue.claimPending({ owner: `sweeper-${i}`, until: 1e12 }, 3000, 7))
    );
    const all = claims.flat().map((r) => r.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...ids].sort());
    // Oldest first within each claim.
    for (const c of claims) expect(c.map((r) => r.submittedAt)).toEqual([...c.map((r) => r.submittedAt)].sort((x, y) => x - y));
  });

  it('records one grade when two replicas grade the same submission (a lease lapsed under a slow grader)', async () => {
    const id = await submit({ owner: 'slow', until: 10 });
    const grade = (store: IStore, score: number) =>
      store.completeGrading({ submissionId: id, user: 'ada', course: 'c', assessment: `x${n}`, items: [{ itemId: 'q', score, points: score, maxPoints: 1, feedback: String(score) }], score, passed: score > 0.5, gradedAt: 5000 });
    const outcomes = await Promise.all([grade(a, 1), grade(b, 0)]);
    expect(outcomes.filter((o) => o.applied)).toHaveLength(1);
    const stored = await a.getSubmission(id);
    expect(stored?.status).toBe('graded');
    expect(stored?.items).toHaveLength(1);
    expect((await b.gradingQueue.claimPending({ owner: 'late', until: 1e12 }, 1e11, 100)).map((r) => r.id)).not.toContain(id);
  });
});
