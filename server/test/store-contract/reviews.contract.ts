import { expect, it } from 'vitest';
import { auditOf, freshCourse, grade, type IContractFixture, pending, queued, twoReplicas } from './instructor-seed.js';

/**
 * IReviewStore, the same on every backend: project uploads, the grading queue and its claim
 * rules (one grader per project, a claim that expires, a deliberate take-over), drafts and
 * released grades. The concurrent cases fire the calls at once: on SQLite they serialise by
 * construction, on PostgreSQL they run on separate pooled connections and must be made safe.
 */

const T0 = 1_800_000_000_000;
const MIN = 60_000;
const HOLD = 30 * MIN;
const RUBRIC = { criteria: { result: { levelId: 'right' } }, comment: 'Good.' };

export function reviewsContract(fx: () => IContractFixture): void {
  it('keeps project uploads with an audit entry and counts a learner’s uploads since a time', async () => {
    const s = fx().store;
    const user = `up-${freshCourse()}`;
    await s.upsertUser(user, ['learner'], T0);
    const manifest = { notebookPath: 'project.ipynb', cells: 3, files: [{ path: 'notes.txt', bytes: 13 }] };
    await s.reviews.insertUpload({ id: `${user}-old`, user, createdAt: T0 - 2 * 60 * MIN, bytes: 100, file: 'a.json', manifest }, user);
    await s.reviews.insertUpload({ id: `${user}-new`, user, createdAt: T0, bytes: 200, file: 'b.json', manifest }, user);
    expect(await s.reviews.getUpload(`${user}-new`)).toEqual({ id: `${user}-new`, user, createdAt: T0, bytes: 200, file: 'b.json', manifest });
    expect(await s.reviews.getUpload('nope')).toBeUndefined();
    expect(await s.reviews.uploadsSince(user, T0 - 60 * MIN)).toBe(1);
    expect(await s.reviews.uploadsSince(user, T0 - 3 * 60 * MIN)).toBe(2);
    expect(await auditOf(s, `${user}-new`)).toEqual([{ action: 'project.uploaded', target: `${user}-new`, data: { bytes: 200, cells: 3, files: 1 } }]);
  });

  it('queues a pending project once, with its automatic grades, and a resubmission supersedes the one waiting', async () => {
    const s = fx().store;
    const course = freshCourse();
    const first = await queued(s, 'ada', course, T0);
    expect(await s.reviews.open({ submissionId: first, user: 'ada', course, assessment: 'capstone', itemId: 'project', items: [], at: T0 + 1 }), 'not pending any more').toBe(false);
    expect(await s.getSubmission(first)).toMatchObject({ status: 'review', score: null, items: [grade('units', 1)] });
    expect(await s.reviews.get(first)).toMatchObject({ submissionId: first, user: 'ada', course, assessment: 'capstone', itemId: 'project', status: 'open', createdAt: T0, claimedBy: null, attempt: 1, submittedAt: T0, late: false, score: null, grade: null });
    await s.reviews.claim(first, 'teach', T0 + 1, T0 + HOLD, false);

    const second = await queued(s, 'ada', course, T0 + 2);
    const rows = await s.reviews.list(course, 'capstone');
    expect(rows.map((r) => [r.submissionId, r.status, r.claimedBy, r.attempt])).toEqual([
      [first, 'superseded', null, 1],
      [second, 'open', null, 2]
    ]);
    expect(await s.reviews.get('nope')).toBeUndefined();
    expect((await auditOf(s, `${course}/capstone`)).filter((a) => a.action === 'submission.review').map((a) => a.data?.['id'])).toEqual([first, second]);
  });

  it('lets one grader hold a project, refuses a colleague until the claim expires or is taken over, and audits each change of hands', async () => {
    const s = fx().store;
    const course = freshCourse();
    const id = await queued(s, 'ada', course, T0);
    expect(await s.reviews.claim('nope', 'teach', T0, T0 + HOLD, false)).toEqual({ kind: 'not_found' });
    expect(await s.reviews.claim(id, 'teach', T0, T0 + HOLD, false)).toMatchObject({ kind: 'ok', row: { claimedBy: 'teach', claimExpiresAt: T0 + HOLD } });
    // Claiming again renews without a second audit entry.
    expect(await s.reviews.claim(id, 'teach', T0 + MIN, T0 + MIN + HOLD, false)).toMatchObject({ kind: 'ok', row: { claimExpiresAt: T0 + MIN + HOLD } });
    expect(await s.reviews.claim(id, 'marker', T0 + 2 * MIN, T0 + 2 * MIN + HOLD, false)).toMatchObject({ kind: 'held', by: 'teach', until: T0 + MIN + HOLD });
    expect(await s.reviews.claim(id, 'marker', T0 + 3 * MIN, T0 + 3 * MIN + HOLD, true)).toMatchObject({ kind: 'ok', row: { claimedBy: 'marker' } });
    // Past its expiry a claim no longer holds anyone off.
    const late = T0 + 3 * MIN + HOLD;
    expect(await s.reviews.claim(id, 'teach', late, late + HOLD, false)).toMatchObject({ kind: 'ok', row: { claimedBy: 'teach', claimExpiresAt: late + HOLD } });
    expect((await auditOf(s, id)).map((a) => [a.action, a.data?.['from']])).toEqual([
      ['review.claimed', null],
      ['review.taken-over', 'teach'],
      ['review.claimed', 'marker']
    ]);
    expect(await s.reviews.get(id)).toMatchObject({ claimedBy: 'teach', claimExpiresAt: late + HOLD });

    // A superseded project is shown, never claimed.
    await queued(s, 'ada', course, T0 + 4 * MIN);
    expect(await s.reviews.claim(id, 'marker', late + 1, late + HOLD, false)).toMatchObject({ kind: 'ok', row: { status: 'superseded', claimedBy: null } });
    expect((await s.reviews.get(id))?.claimedBy).toBeNull();
  });

  it('hands each grader the project they hold, else the oldest nobody holds, and counts what is left', async () => {
    const s = fx().store;
    const course = freshCourse();
    const [a, b] = [await queued(s, 'ada', course, T0), await queued(s, 'bob', course, T0 + 1)];
    expect(await s.reviews.claimNext(course, 'capstone', 'teach', T0 + 2, T0 + HOLD)).toMatchObject({ row: { submissionId: a, claimedBy: 'teach' }, remaining: 1 });
    expect(await s.reviews.claimNext(course, 'capstone', 'marker', T0 + 3, T0 + HOLD)).toMatchObject({ row: { submissionId: b, claimedBy: 'marker' }, remaining: 0 });
    expect(await s.reviews.claimNext(course, 'capstone', 'teach', T0 + 4, T0 + 4 + HOLD)).toMatchObject({ row: { submissionId: a, claimExpiresAt: T0 + 4 + HOLD }, remaining: 0 });
    expect(await s.reviews.claimNext(course, 'capstone', 'third', T0 + 5, T0 + HOLD)).toEqual({ row: null, remaining: 0 });
    // The marker's claim lapsed (the teacher renewed theirs): the third grader gets bob's project.
    expect(await s.reviews.claimNext(course, 'capstone', 'third', T0 + HOLD + 1, T0 + 2 * HOLD)).toMatchObject({ row: { submissionId: b, claimedBy: 'third' }, remaining: 0 });
    expect(await s.reviews.claimNext(course, 'other', 'teach', T0, T0 + HOLD)).toEqual({ row: null, remaining: 0 });
  });

  it('keeps a draft and releases a grade only under the grader’s claim; grading again is audited as a regrade', async () => {
    const s = fx().store;
    const course = freshCourse();
    const id = await queued(s, 'ada', course, T0);
    await s.reviews.claim(id, 'teach', T0, T0 + HOLD, false);
    expect(await s.reviews.saveDraft(id, 'marker', RUBRIC, T0 + 1, T0 + HOLD)).toMatchObject({ kind: 'held', by: 'teach' });
    expect(await s.reviews.saveDraft('nope', 'teach', RUBRIC, T0 + 1, T0 + HOLD)).toEqual({ kind: 'not_found' });
    expect(await s.reviews.saveDraft(id, 'teach', RUBRIC, T0 + 1, T0 + 1 + HOLD)).toMatchObject({ kind: 'ok', row: { grade: RUBRIC, claimExpiresAt: T0 + 1 + HOLD } });
    expect((await s.reviews.get(id))?.grade).toEqual(RUBRIC);

    const progress = { user: 'ada', course, lesson: 'capstone', kind: 'assessment_passed' as const, at: T0 + 2 };
    const release = { submissionId: id, grade: RUBRIC, item: grade('project', 1, 4), score: 1, passed: true, now: T0 + 2, progress };
    expect(await s.reviews.complete({ ...release, grader: 'marker' })).toMatchObject({ kind: 'held', by: 'teach' });
    expect(await s.reviews.complete({ ...release, grader: 'teach', submissionId: 'nope' })).toEqual({ kind: 'not_found' });
    const done = await s.reviews.complete({ ...release, grader: 'teach' });
    expect(done).toMatchObject({ kind: 'ok', lessonCompleted: true, before: { score: null, passed: null }, row: { status: 'graded', gradedBy: 'teach', gradedAt: T0 + 2, claimedBy: null, score: 1 } });
    const record = await s.getSubmission(id);
    expect(record).toMatchObject({ status: 'graded', score: 1, passed: true, gradedAt: T0 + 2 });
    expect(record?.items.map((i) => i.itemId).sort()).toEqual(['project', 'units']);
    expect(await s.lessonProgress('ada', course)).toEqual([{ lesson: 'capstone', status: 'completed', updatedAt: T0 + 2 }]);

    // A changed grade replaces the item's row (not a second one) and does not complete the lesson twice.
    const lower = await s.reviews.complete({ ...release, grader: 'marker', item: grade('project', 0.5, 4), score: 0.6, passed: false, now: T0 + 3 });
    expect(lower).toMatchObject({ kind: 'ok', lessonCompleted: false, before: { score: 1, passed: true } });
    expect((await s.getSubmission(id))?.items.filter((i) => i.itemId === 'project')).toEqual([grade('project', 0.5, 4)]);
    expect((await auditOf(s, `${course}/capstone/ada`)).map((a) => [a.action, a.data?.['score']])).toEqual([
      ['review.graded', 1],
      ['review.regraded', 0.6]
    ]);
  });

  it('gives a project to exactly one of several graders claiming it at the same moment', async () => {
    const [s, other] = await twoReplicas(fx);
    const course = freshCourse();
    const id = await queued(s, 'ada', course, T0);
    const graders = Array.from({ length: 8 }, (_, i) => `grader-${i}`);
    const outcomes = await Promise.all(graders.map((g, i) => (i % 2 ? other : s).reviews.claim(id, g, T0 + 1, T0 + HOLD, false)));
    const winners = outcomes.filter((o) => o.kind === 'ok');
    expect(winners).toHaveLength(1);
    const holder = winners[0]?.kind === 'ok' ? winners[0].row.claimedBy : null;
    for (const o of outcomes) if (o.kind === 'held') expect(o.by).toBe(holder);
    expect((await auditOf(s, id)).map((a) => a.action)).toEqual(['review.claimed']);
    expect((await s.reviews.get(id))?.claimedBy).toBe(holder);
  });

  it('hands graders asking for the next project at the same moment different projects', async () => {
    const [s, other] = await twoReplicas(fx);
    const course = freshCourse();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await queued(s, `learner-${i}`, course, T0 + i));
    const asks = await Promise.all(Array.from({ length: 7 }, (_, i) => (i % 2 ? other : s).reviews.claimNext(course, 'capstone', `grader-${i}`, T0 + 10, T0 + HOLD)));
    const got = asks.map((a) => a.row?.submissionId).filter((x): x is string => x !== undefined);
    expect(got.sort()).toEqual([...ids].sort());
    expect(asks.filter((a) => a.row === null)).toHaveLength(3);
    const rows = await s.reviews.list(course, 'capstone');
    expect(new Set(rows.map((r) => r.claimedBy)).size, 'four projects, four different graders').toBe(4);
  });

  it('leaves one project per learner waiting when several of theirs enter the queue at once', async () => {
    const [s, other] = await twoReplicas(fx);
    const course = freshCourse();
    const learners = ['ada', 'bob', 'cy'];
    const submitted: Array<{ user: string; id: string }> = [];
    for (const user of learners) for (let i = 0; i < 6; i++) submitted.push({ user, id: await pending(s, user, course, 'capstone', T0 + i) });
    const opened = await Promise.all(
      submitted.map(({ user, id }, i) =>
        (i % 2 ? other : s).reviews.open({ submissionId: id, user, course, assessment: 'capstone', itemId: 'project', items: [grade('units', 1)], at: T0 + 10 + i })
      )
    );
    expect(opened.every(Boolean)).toBe(true);
    const rows = await s.reviews.list(course, 'capstone');
    for (const user of learners) {
      expect(rows.filter((r) => r.user === user && r.status === 'open'), `${user}: one project to grade`).toHaveLength(1);
      expect(rows.filter((r) => r.user === user && r.status === 'superseded')).toHaveLength(5);
    }
  });
}
