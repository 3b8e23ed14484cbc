import { expect, it } from 'vitest';
import type { ICompleteGrading, ISubmissionRecord } from '../../src/store/types.js';
import { allowUpTo, describeStores, LEARNER, reserveInput } from './backends.js';

const RECORD_KEYS = ['answers', 'assessment', 'attempt', 'course', 'error', 'gradedAt', 'id', 'items', 'late', 'lateFactor', 'passed', 'score', 'status', 'submittedAt', 'user'];

function graded(s: ISubmissionRecord, score: number, progress?: ICompleteGrading['progress']): ICompleteGrading {
  return {
    submissionId: s.id,
    user: s.user,
    course: s.course,
    assessment: s.assessment,
    items: [
      { itemId: 'q1', score, points: score * 2, maxPoints: 2, feedback: 'ok', measurements: { dice: 0.91 } },
      { itemId: 'q2', score: 0, points: 0, maxPoints: 1, feedback: 'no' }
    ],
    score,
    passed: score >= 0.5,
    gradedAt: 2_000,
    progress
  };
}

describeStores('submissions and grades', (fx) => {
  it('numbers attempts, passes the state to decide, and refuses past the limit', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    const seen: number[] = [];
    const decide = (s: { attemptsUsed: number }) => (seen.push(s.attemptsUsed), allowUpTo(2)(s));
    const a = await store.reserveAttempt(reserveInput('ann', 's1'), decide);
    const b = await store.reserveAttempt(reserveInput('ann', 's2'), decide);
    const c = await store.reserveAttempt(reserveInput('ann', 's3'), decide);
    expect(a).toMatchObject({ kind: 'created', submission: { id: 's1', attempt: 1, status: 'pending', late: false, lateFactor: 1, items: [] } });
    expect(b).toMatchObject({ kind: 'created', submission: { attempt: 2 } });
    expect(c).toEqual({ kind: 'refused', reason: 'attempts_exhausted', message: 'all 2 attempts used' });
    expect(seen).toEqual([0, 1, 2]);
    expect(await store.attemptsUsed('ann', 'demo', 'quiz')).toBe(2);
    expect(await store.attemptsUsed('ann', 'demo', 'other')).toBe(0);
    // The learner got enrolled by the first submission.
    expect((await store.roster('demo')).map((r) => r.user)).toEqual(['ann']);
  });

  it('hands the override to decide, so extra attempts count', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    await store.setOverride({ user: 'ann', course: 'demo', assessment: 'quiz', extraAttempts: 1, deadline: 9_000, excusedItems: ['q2'], grantedBy: 'prof', grantedAt: 5 });
    expect(await store.getOverride('ann', 'demo', 'quiz')).toEqual({
      user: 'ann', course: 'demo', assessment: 'quiz', extraAttempts: 1, deadline: 9_000, excusedItems: ['q2'], grantedBy: 'prof', grantedAt: 5
    });
    expect((await store.reserveAttempt(reserveInput('ann', 's1'), allowUpTo(0))).kind).toBe('created');
    expect((await store.reserveAttempt(reserveInput('ann', 's2'), allowUpTo(0))).kind).toBe('refused');
    // Setting it again replaces it (one row per learner and assessment).
    await store.setOverride({ user: 'ann', course: 'demo', assessment: 'quiz', extraAttempts: 3, deadline: null, excusedItems: [], grantedBy: 'prof', grantedAt: 6 });
    expect(await store.getOverride('ann', 'demo', 'quiz')).toMatchObject({ extraAttempts: 3, deadline: null, excusedItems: [] });
    expect((await store.audit({ limit: 10 })).filter((e) => e.action === 'override.set')).toHaveLength(2);
  });

  it('answers a retried idempotency key with the first submission, grades included', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    const first = await store.reserveAttempt(reserveInput('ann', 's1', { idempotencyKey: 'k1' }), allowUpTo(5));
    if (first.kind !== 'created') throw new Error('not created');
    await store.completeGrading(graded(first.submission, 1));
    const retry = await store.reserveAttempt(reserveInput('ann', 's-retry', { idempotencyKey: 'k1' }), allowUpTo(5));
    expect(retry).toMatchObject({ kind: 'duplicate', submission: { id: 's1', attempt: 1, status: 'graded', score: 1 } });
    if (retry.kind === 'duplicate') expect(retry.submission.items.map((i) => i.itemId).sort()).toEqual(['q1', 'q2']);
    // Another learner may use the same key: keys are per learner.
    await store.upsertUser('bob', LEARNER, 1);
    expect((await store.reserveAttempt(reserveInput('bob', 's-bob', { idempotencyKey: 'k1' }), allowUpTo(5))).kind).toBe('created');
    expect(await store.attemptsUsed('ann', 'demo', 'quiz')).toBe(1);
  });

  it('grades a pending submission once; the second completion is not applied', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    const r = await store.reserveAttempt(reserveInput('ann', 's1'), allowUpTo(5));
    if (r.kind !== 'created') throw new Error('not created');
    expect((await store.pendingSubmissions()).map((s) => s.id)).toEqual(['s1']);
    const progress = { user: 'ann', course: 'demo', lesson: 'l1', kind: 'assessment_passed' as const, at: 2_000 };
    expect(await store.completeGrading(graded(r.submission, 0.75, progress))).toEqual({ applied: true, lessonCompleted: true });
    expect(await store.completeGrading(graded(r.submission, 0.1, progress))).toEqual({ applied: false, lessonCompleted: false });
    const s = await store.getSubmission('s1');
    expect(Object.keys(s!).sort()).toEqual(RECORD_KEYS);
    expect(s).toMatchObject({ status: 'graded', score: 0.75, passed: true, gradedAt: 2_000, error: null, answers: { q1: { type: 'choice', value: 'b' } } });
    expect(s!.items.find((i) => i.itemId === 'q1')).toEqual({ itemId: 'q1', score: 0.75, points: 1.5, maxPoints: 2, feedback: 'ok', measurements: { dice: 0.91 } });
    expect(s!.items.find((i) => i.itemId === 'q2')?.measurements).toBeUndefined();
    expect(await store.pendingSubmissions()).toEqual([]);
    expect(await store.lessonProgress('ann', 'demo')).toEqual([{ lesson: 'l1', status: 'completed', updatedAt: 2_000 }]);
  });

  it('submitAndGrade writes a graded submission in one step and completes the lesson only the first time', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    const progress = { user: 'ann', course: 'demo', lesson: 'l1', kind: 'assessment_passed' as const, at: 3_000 };
    const grade = (s: ISubmissionRecord) => {
      const { submissionId: _id, user: _u, course: _c, assessment: _a, ...rest } = graded(s, 1, progress);
      return rest;
    };
    const one = await store.submitAndGrade(reserveInput('ann', 's1', { idempotencyKey: 'k' }), allowUpTo(3), grade);
    const two = await store.submitAndGrade(reserveInput('ann', 's2'), allowUpTo(3), grade);
    const again = await store.submitAndGrade(reserveInput('ann', 's3', { idempotencyKey: 'k' }), allowUpTo(3), grade);
    expect(one).toMatchObject({ kind: 'created', lessonCompleted: true, submission: { id: 's1', status: 'graded', score: 1, passed: true, attempt: 1 } });
    expect(two).toMatchObject({ kind: 'created', lessonCompleted: false, submission: { attempt: 2 } });
    expect(again).toMatchObject({ kind: 'duplicate', submission: { id: 's1' } });
    const stored = await store.listSubmissions({ user: 'ann' });
    expect(stored.map((s) => [s.id, s.status, s.items.length])).toEqual([['s1', 'graded', 2], ['s2', 'graded', 2]]);
    expect((await store.audit({ limit: 50 })).filter((e) => e.action === 'submission.graded').map((e) => e.data)).toEqual([
      { id: 's2', score: 1, passed: true, attempt: 2 },
      { id: 's1', score: 1, passed: true, attempt: 1 }
    ]);
  });

  it('submitAndGrade says whether the score beats every earlier graded attempt', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    const scoring = (score: number) => (s: ISubmissionRecord) => {
      const { submissionId: _id, user: _u, course: _c, assessment: _a, ...rest } = graded(s, score);
      return rest;
    };
    // A pending (image) attempt has no score yet and does not count as a best.
    await store.reserveAttempt(reserveInput('ann', 's0'), allowUpTo(9));
    const bests = [];
    for (const [id, score] of [['s1', 0.4], ['s2', 0.7], ['s3', 0.7], ['s4', 0.5], ['s5', 0.9]] as const) {
      const outcome = await store.submitAndGrade(reserveInput('ann', id), allowUpTo(9), scoring(score));
      bests.push(outcome.kind === 'created' ? outcome.newBest : outcome.kind);
    }
    expect(bests).toEqual([true, true, false, false, true]);
    // Another learner's or another assessment's scores are not compared.
    await store.upsertUser('bob', LEARNER, 1);
    expect(await store.submitAndGrade(reserveInput('bob', 'b1'), allowUpTo(9), scoring(0.1))).toMatchObject({ newBest: true });
    expect(await store.submitAndGrade(reserveInput('ann', 'o1', { assessment: 'other' }), allowUpTo(9), scoring(0.1))).toMatchObject({ newBest: true });
  });

  it('records a grading failure with its audit entry', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    await store.reserveAttempt(reserveInput('ann', 's1'), allowUpTo(1));
    await store.failGrading('s1', 'mask has the wrong geometry', 4_000);
    expect(await store.getSubmission('s1')).toMatchObject({ status: 'error', error: 'mask has the wrong geometry', gradedAt: 4_000 });
    const [entry] = await store.audit({ limit: 1 });
    expect(entry).toMatchObject({ action: 'submission.error', actor: 'ann', target: 'demo/quiz', data: { id: 's1', error: 'mask has the wrong geometry' } });
    await store.failGrading('missing', 'x', 4_001);
    expect((await store.audit({ limit: 1 }))[0]!.id).toBe(entry!.id);
  });

  it('lists by learner, course and assessment in submission order, and keeps best scores', async () => {
    const { store } = fx();
    for (const u of ['ann', 'bob']) await store.upsertUser(u, LEARNER, 1);
    const plan: Array<[string, string, string, number, number | null]> = [
      ['ann', 'quiz', 'a1', 30, 0.4],
      ['bob', 'quiz', 'b1', 10, 0.9],
      ['ann', 'quiz', 'a2', 20, 0.8],
      ['ann', 'exam', 'a3', 40, null]
    ];
    for (const [user, assessment, id, now, score] of plan) {
      const r = await store.reserveAttempt(reserveInput(user, id, { assessment, now }), allowUpTo(9));
      if (r.kind === 'created' && score !== null) await store.completeGrading(graded(r.submission, score));
    }
    expect((await store.listSubmissions({ user: 'ann' })).map((s) => s.id)).toEqual(['a2', 'a1', 'a3']);
    expect((await store.listSubmissions({ course: 'demo', assessment: 'quiz' })).map((s) => s.id)).toEqual(['b1', 'a2', 'a1']);
    expect((await store.listSubmissions({ user: 'nobody' }))).toEqual([]);
    expect((await store.listSubmissions({ user: 'bob' }))[0]!.items).toHaveLength(2);
    expect(await store.bestScores('ann', 'demo')).toEqual(new Map([['quiz', 0.8]]));
    expect((await store.pendingSubmissions()).map((s) => s.id)).toEqual(['a3']);
  });

  it('keeps the best graded score per assessment of one learner and course, whatever the order and number of attempts', async () => {
    const { store } = fx();
    for (const u of ['ann', 'bob']) await store.upsertUser(u, LEARNER, 1);
    // [user, course, assessment, score | 'error' | 'pending']
    const plan: Array<[string, string, string, number | 'error' | 'pending']> = [
      ['ann', 'demo', 'quiz', 0.4],
      ['ann', 'demo', 'quiz', 0.9],
      ['ann', 'demo', 'quiz', 0.3],
      ['ann', 'demo', 'exam', 0.6],
      ['ann', 'demo', 'exam', 'error'],
      ['ann', 'demo', 'lab', 'pending'],
      ['ann', 'demo', 'b-quiz', 0],
      ['ann', 'other', 'quiz', 1],
      ['bob', 'demo', 'quiz', 1],
      ['bob', 'demo', 'exam', 1]
    ];
    let n = 0;
    for (const [user, course, assessment, outcome] of plan) {
      const r = await store.reserveAttempt(reserveInput(user, `s${++n}`, { course, assessment, now: 1_000 + n }), allowUpTo(9));
      if (r.kind !== 'created') throw new Error('attempt refused');
      if (typeof outcome === 'number') await store.completeGrading(graded(r.submission, outcome));
      else if (outcome === 'error') await store.failGrading(r.submission.id, 'no', 5_000);
    }
    expect(await store.bestScores('ann', 'demo')).toEqual(new Map([['b-quiz', 0], ['exam', 0.6], ['quiz', 0.9]]));
    expect(await store.bestScores('ann', 'other')).toEqual(new Map([['quiz', 1]]));
    expect(await store.bestScores('bob', 'other')).toEqual(new Map());
  });
});
