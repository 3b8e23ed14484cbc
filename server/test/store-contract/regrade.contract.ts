import { expect, it } from 'vitest';
import type { IRegradeAudit, IRegradeWrite } from '../../src/store/instructor-types.js';
import { auditOf, freshCourse, grade, gradedQuiz, type IContractFixture, pending, queued, twoReplicas } from './instructor-seed.js';

/**
 * ICohortStore.applyRegrade, the same on every backend: a batch written in one transaction
 * with its audit entries, never overwriting a grade given since the regrade read it, and safe
 * beside the traffic a real regrade meets (new submits, a grader changing a project's grade).
 */

const T0 = 1_800_000_000_000;
const AT = T0 + 1000;
const audit = (course: string, summary?: Record<string, unknown>): IRegradeAudit => ({
  actor: 'teach',
  at: AT,
  target: `${course}/quiz`,
  each: 'submission.regraded',
  all: 'assessment.regraded',
  ...(summary ? { summary } : {})
});

export function regradeContract(fx: () => IContractFixture): void {
  it('writes changed, new and removed item grades and the score, completes a lesson once, and audits each write and the summary', async () => {
    const s = fx().store;
    const course = freshCourse();
    const ada = await gradedQuiz(s, 'ada', course, T0, [grade('a', 1), grade('b', 0)]);
    const bob = await gradedQuiz(s, 'bob', course, T0, [grade('a', 0), grade('b', 0)]);
    const cy = await gradedQuiz(s, 'cy', course, T0, [grade('a', 0), grade('b', 0)]);
    const dee = await pending(s, 'dee', course, 'quiz', T0);
    const progress = { user: 'ada', course, lesson: 'lesson-one', kind: 'assessment_passed' as const, at: AT };
    // An image item's grade keeps its measurements through the regrade.
    const measured = { ...grade('c', 1), measurements: { dice: 0.91, volumeMl: 12.5 } };
    const writes: IRegradeWrite[] = [
      { submissionId: ada, user: 'ada', gradedAtBefore: T0, changedItems: [grade('b', 1), measured], removedItems: ['a'], score: 1, passed: true, progress },
      { submissionId: bob, user: 'bob', gradedAtBefore: T0, changedItems: [grade('a', 1)], removedItems: [], score: 0.5, passed: false },
      // Graded again after the regrade read it, and not graded at all: both left as they are.
      { submissionId: cy, user: 'cy', gradedAtBefore: T0 - 1, changedItems: [grade('a', 1)], removedItems: [], score: 0.5, passed: false },
      { submissionId: dee, user: 'dee', gradedAtBefore: null, changedItems: [grade('a', 1)], removedItems: [], score: 1, passed: true }
    ];
    expect(await s.cohort.applyRegrade(writes.slice(0, 2), audit(course))).toEqual([ada, bob]);
    expect(await s.cohort.applyRegrade(writes.slice(2), audit(course, { scoresChanged: 2 }))).toEqual([]);

    const adas = await s.getSubmission(ada);
    expect(adas).toMatchObject({ status: 'graded', score: 1, passed: true, gradedAt: AT });
    expect([...(adas?.items ?? [])].sort((x, y) => x.itemId.localeCompare(y.itemId))).toEqual([grade('b', 1), measured]);
    expect(await s.getSubmission(bob)).toMatchObject({ score: 0.5, passed: false, gradedAt: AT, items: expect.arrayContaining([grade('a', 1), grade('b', 0)]) });
    expect(await s.getSubmission(cy)).toMatchObject({ score: 0, gradedAt: T0, items: expect.arrayContaining([grade('a', 0)]) });
    expect(await s.getSubmission(dee)).toMatchObject({ status: 'pending', score: null, items: [] });
    expect(await s.lessonProgress('ada', course)).toEqual([{ lesson: 'lesson-one', status: 'completed', updatedAt: AT }]);

    // Run again from the same reading: the grades it wrote moved gradedAt, so nothing is written twice.
    expect(await s.cohort.applyRegrade(writes.slice(0, 1), audit(course))).toEqual([]);
    const entries = (await auditOf(s, `${course}/quiz`)).filter((e) => e.action.endsWith('regraded'));
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ['submission.regraded', `${course}/quiz/ada`],
      ['submission.regraded', `${course}/quiz/bob`],
      ['assessment.regraded', `${course}/quiz`]
    ]);
    expect(entries.find((e) => e.action === 'assessment.regraded')?.data).toEqual({ scoresChanged: 2 });
    expect(entries.find((e) => e.target === `${course}/quiz/bob`)?.data).toEqual({ id: bob, score: 0.5, passed: false });
  });

  it('regrades beside a stream of new submits: each keeps its own grade and attempt number', async () => {
    const [s, other] = await twoReplicas(fx);
    const course = freshCourse();
    const learners = Array.from({ length: 12 }, (_, i) => `learner-${i}`);
    const old: Array<{ id: string; user: string; at: number }> = [];
    for (const user of learners) for (let a = 0; a < 3; a++) old.push({ id: await gradedQuiz(s, user, course, T0 + a, [grade('a', 0), grade('b', 0)]), user, at: T0 + a });
    const writes = old.map(({ id, user, at }) => ({ submissionId: id, user, gradedAtBefore: at, changedItems: [grade('a', 1)], removedItems: [], score: 0.5, passed: false }));
    const [written, ...fresh] = await Promise.all([
      s.cohort.applyRegrade(writes, audit(course, { scoresChanged: writes.length })),
      ...learners.map((user) => gradedQuiz(other, user, course, T0 + 500, [grade('a', 1), grade('b', 1)]))
    ]);
    expect([...written].sort()).toEqual(old.map((o) => o.id).sort());
    const all = await s.listSubmissions({ course, assessment: 'quiz' });
    expect(all).toHaveLength(old.length + learners.length);
    for (const r of all) {
      if (fresh.includes(r.id)) expect(r, 'a new submit is not regraded').toMatchObject({ attempt: 4, score: 1, passed: true, gradedAt: T0 + 500 });
      else expect(r, 'a regraded submission').toMatchObject({ score: 0.5, gradedAt: AT });
    }
    expect((await auditOf(s, `${course}/quiz`)).filter((e) => e.action === 'submission.regraded')).toHaveLength(old.length);
  });

  it('never overwrites a project grade a grader gives while the regrade runs', async () => {
    const [s, other] = await twoReplicas(fx);
    const course = freshCourse();
    // A batch with a lot to write besides the projects: the graders' grades land while it runs.
    const items = Array.from({ length: 30 }, (_, i) => grade(`q${i}`, 0));
    const quizzes: IRegradeWrite[] = [];
    for (let i = 0; i < 100; i++) {
      const id = await gradedQuiz(s, `quiz-${i}`, course, T0, items);
      quizzes.push({ submissionId: id, user: `quiz-${i}`, gradedAtBefore: T0, changedItems: items.map((g) => grade(g.itemId, 1)), removedItems: [], score: 1, passed: true });
    }
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = await queued(s, `learner-${i}`, course, T0 + i);
      await s.reviews.claim(id, 'teach', T0 + 10, T0 + 10_000, false);
      const graded = await s.reviews.complete({ submissionId: id, grader: 'teach', grade: {}, item: grade('project', 1), score: 1, passed: true, now: T0 + 20 });
      expect(graded.kind).toBe('ok');
      ids.push(id);
    }
    // The regrade read every project graded at T0+20; the grader lowers each grade meanwhile.
    const projects = ids.map((id, i) => ({ submissionId: id, user: `learner-${i}`, gradedAtBefore: T0 + 20, changedItems: [grade('units', 0)], removedItems: [], score: 0.2, passed: false }));
    const regrade = s.cohort.applyRegrade([...quizzes, ...projects], audit(course));
    const regrades = ids.map(async (id) => {
      await other.reviews.claim(id, 'teach', T0 + 30, T0 + 10_000, false);
      return other.reviews.complete({ submissionId: id, grader: 'teach', grade: {}, item: grade('project', 0.5), score: 0.6, passed: false, now: T0 + 40 });
    });
    await Promise.all([regrade, ...regrades]);
    for (const id of ids) expect(await s.getSubmission(id), 'the grader’s grade stands').toMatchObject({ score: 0.6, gradedAt: T0 + 40 });
    expect((await s.getSubmission(quizzes[0]?.submissionId ?? ''))?.score).toBe(1);
  });
}
