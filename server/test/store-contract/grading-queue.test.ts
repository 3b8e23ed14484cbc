import { expect, it } from 'vitest';
import type { IStore } from '../../src/store/types.js';
import { allowUpTo, describeStores, LEARNER, reserveInput } from './backends.js';

/** Record fields the services see: no claim, no idempotency key. */
const RECORD_KEYS = ['answers', 'assessment', 'attempt', 'course', 'error', 'gradedAt', 'id', 'items', 'late', 'lateFactor', 'passed', 'score', 'status', 'submittedAt', 'user'];

async function submit(store: IStore, id: string, extra: Parameters<typeof reserveInput>[2] = {}): Promise<string> {
  const out = await store.reserveAttempt(reserveInput('ann', id, { assessment: `a-${id}`, ...extra }), allowUpTo(10));
  expect(out.kind).toBe('created');
  return id;
}

describeStores('the grading queue', (fx) => {
  it('leaves a submission alone while its lease runs, and hands it over once it lapses', async () => {
    const { store } = fx();
    const other = await fx().second();
    await store.upsertUser('ann', LEARNER, 1);
    const held = await submit(store, 'held', { claim: { owner: 'replica-1', until: 5000 } });
    expect(await other.gradingQueue.claimPending({ owner: 'replica-2', until: 9000 }, 4999, 10)).toEqual([]);
    const [taken, ...rest] = await other.gradingQueue.claimPending({ owner: 'replica-2', until: 9000 }, 5001, 10);
    expect(rest).toEqual([]);
    expect(taken).toMatchObject({ id: held, user: 'ann', status: 'pending', answers: { q1: { type: 'choice', value: 'b' } }, attempt: 1, late: false, items: [] });
    expect(Object.keys(taken ?? {}).sort()).toEqual(RECORD_KEYS);
    // The replica that lost the lease renews nothing; the new holder's lease is what counts.
    await store.gradingQueue.renewClaims({ owner: 'replica-1', until: 100_000 }, [held]);
    expect((await store.gradingQueue.claimPending({ owner: 'replica-3', until: 1 }, 9001, 10)).map((r) => r.id)).toEqual([held]);
    await store.gradingQueue.renewClaims({ owner: 'replica-3', until: 20_000 }, [held]);
    expect(await other.gradingQueue.claimPending({ owner: 'replica-4', until: 1 }, 19_999, 10)).toEqual([]);
  });

  it('claims unclaimed submissions oldest first, never graded ones, and counts what waits', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    await submit(store, 'late', { now: 3000 });
    await submit(store, 'early', { now: 1000 });
    const done = await submit(store, 'done', { now: 500 });
    await store.completeGrading({ submissionId: done, user: 'ann', course: 'demo', assessment: 'a-done', items: [], score: 1, passed: true, gradedAt: 600 });
    expect(await store.gradingQueue.pendingCount()).toBe(2);
    expect((await store.gradingQueue.claimPending({ owner: 'r', until: 10_000 }, 5000, 1)).map((r) => r.id)).toEqual(['early']);
    expect((await store.gradingQueue.claimPending({ owner: 'r', until: 10_000 }, 5000, 5)).map((r) => r.id)).toEqual(['late']);
    // Claimed is still pending: the queue depth counts it until it is graded.
    expect(await store.gradingQueue.pendingCount()).toBe(2);
  });

  it('gives concurrent sweepers on two connections disjoint submissions that together cover the queue', async () => {
    const { store } = fx();
    const other = await fx().second();
    await store.upsertUser('ann', LEARNER, 1);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await submit(store, `s${String(i).padStart(2, '0')}`, { now: 2000 + i }));
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).gradingQueue.claimPending({ owner: `sweeper-${i}`, until: 1e12 }, 3000, 7)));
    const all = claims.flat().map((r) => r.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(ids);
    for (const c of claims) expect(c.map((r) => r.submittedAt)).toEqual(c.map((r) => r.submittedAt).sort((x, y) => x - y));
  });

  it('records one grade when two replicas grade the same submission (a lease lapsed under a slow grader)', async () => {
    const { store } = fx();
    const other = await fx().second();
    await store.upsertUser('ann', LEARNER, 1);
    const id = await submit(store, 'slow', { claim: { owner: 'slow', until: 10 } });
    const grade = (s: IStore, score: number) =>
      s.completeGrading({ submissionId: id, user: 'ann', course: 'demo', assessment: 'a-slow', items: [{ itemId: 'q1', score, points: score, maxPoints: 1, feedback: String(score) }], score, passed: score > 0.5, gradedAt: 5000 });
    const outcomes = await Promise.all([grade(store, 1), grade(other, 0)]);
    expect(outcomes.filter((o) => o.applied)).toHaveLength(1);
    const stored = await store.getSubmission(id);
    expect(stored?.status).toBe('graded');
    expect(stored?.items).toHaveLength(1);
    expect(await other.gradingQueue.claimPending({ owner: 'late', until: 1e12 }, 1e11, 100)).toEqual([]);
    expect(await store.gradingQueue.pendingCount()).toBe(0);
  });
});
