import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { GradingQueue } from '../../src/services/grading-queue.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { ISubmissionRecord } from '../../src/store/types.js';

/** The replica side of the queue (services/grading-queue.ts) on a real SQLite file. */
describe('a replica\'s grading queue', () => {
  const stores: SqliteStore[] = [];
  const queues: GradingQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    for (const s of stores.splice(0)) await s.close();
  });

  function open(file = join(mkdtempSync(join(tmpdir(), 'voxel-gq-')), 'academy.sqlite')): { store: SqliteStore; file: string } {
    const store = new SqliteStore(file);
    stores.push(store);
    return { store, file };
  }

  function queue(store: SqliteStore, now: () => number, capacity = 2): GradingQueue {
    const q = new GradingQueue({ store: store.gradingQueue, log: createLogger('error'), leaseMs: 1000, sweepMs: 3_600_000, capacity, now });
    queues.push(q);
    return q;
  }

  async function pending(store: SqliteStore, n: number, claim?: { owner: string; until: number }): Promise<string[]> {
    await store.upsertUser('ann', ['learner'], 1);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = `p${i}-${Math.random().toString(36).slice(2)}`;
      await store.reserveAttempt({ user: 'ann', course: 'c', assessment: id, idempotencyKey: null, answers: {}, now: 100 + i, newId: id, ...(claim ? { claim } : {}) }, () => ({ allow: true, late: false, lateFactor: 1 }));
      ids.push(id);
    }
    return ids;
  }

  const complete = (store: SqliteStore) => (r: ISubmissionRecord) =>
    store.completeGrading({ submissionId: r.id, user: r.user, course: r.course, assessment: r.assessment, items: [], score: 1, passed: true, gradedAt: 1 });

  it('sweeps only as much as it has room for, and more once gradings finish', async () => {
    const { store } = open();
    // Five submissions another replica holds until 20 s.
    await pending(store, 5, { owner: 'other', until: 20_000 });
    const release: Array<() => void> = [];
    const graded: string[] = [];
    let clock = 10_000;
    const q = queue(store, () => clock, 2);
    // At boot the other replica's leases still run: nothing to take over.
    expect(
      await q.start(async (r) => {
        await new Promise<void>((done) => release.push(done));
        graded.push(r.id);
        await complete(store)(r);
      }, { takeOver: false })
    ).toBe(0);
    clock = 30_000;
    const settle = async (): Promise<void> => {
      for (const done of release.splice(0)) done();
      for (let i = 0; i < 100 && q.inFlightCount > 0; i++) await new Promise((r) => setTimeout(r, 5));
    };
    expect(await q.sweep()).toBe(2);
    expect(q.inFlightCount).toBe(2);
    expect(await q.sweep()).toBe(0);
    await settle();
    expect(graded).toHaveLength(2);
    expect(await q.sweep()).toBe(2);
    await settle();
    expect(await q.sweep()).toBe(1);
    await settle();
    expect(new Set(graded).size).toBe(5);
    expect(await store.gradingQueue.pendingCount()).toBe(0);
  });

  it('takes over live leases at boot only when told it is the only server (SQLite)', async () => {
    const { store } = open();
    const ids = await pending(store, 3, { owner: 'crashed-process', until: 1e12 });
    const polite = queue(store, () => 1000);
    expect(await polite.start(complete(store), { takeOver: false })).toBe(0);
    expect(await store.gradingQueue.pendingCount()).toBe(3);
    const owner = queue(store, () => 1000);
    expect(await owner.start(complete(store), { takeOver: true })).toBe(3);
    expect(await store.gradingQueue.pendingCount()).toBe(0);
    for (const id of ids) expect((await store.getSubmission(id))?.status).toBe('graded');
  });

  it('renews the leases of what it is grading, so no other replica takes them meanwhile', async () => {
    const { store, file } = open();
    let clock = 1000;
    const q = queue(store, () => clock);
    await q.start(complete(store), { takeOver: false });
    const [id] = await pending(store, 1, q.claim());
    let finish = (): void => undefined;
    const grading = q.hold(id!, () => new Promise<void>((done) => (finish = done)));
    const peer = open(file).store;
    clock = 1900;
    await q.renew();
    // At 2500 the first lease (until 2000) has lapsed, the renewed one (until 2900) has not.
    expect(await peer.gradingQueue.claimPending({ owner: 'peer', until: 1e12 }, 2500, 10)).toEqual([]);
    finish();
    await grading;
    // Nothing in flight: renewing leaves the lease alone and it lapses.
    await q.renew();
    expect((await peer.gradingQueue.claimPending({ owner: 'peer', until: 1e12 }, 3000, 10)).map((r) => r.id)).toEqual([id]);
  });
});
