import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { IStore } from '../../src/store/types.js';
import { freshCourse, grade, gradedQuiz, type IContractFixture, pending, queued } from './instructor-seed.js';

/**
 * ICohortStore's reads, the same on every backend: what the overview, heatmap, attention list,
 * analytics and regrades read about a whole course. Every number is derived by hand from the
 * seed below, so a backend that groups, filters or casts differently fails here.
 */

const T0 = 1_800_000_000_000;
const wrong = { choice: { type: 'choice', selected: ['mri'] } };
const right = { choice: { type: 'choice', selected: ['ct'] } };

interface ISeed {
  course: string;
  ada: string[];
  bob: string[];
  deeProject: string;
}

/**
 * ada: a failed quiz then a pass; bob: three weak attempts, an extra attempt and an excused
 * item; cy: opened a lesson, nothing else; dee: an image submission still pending and a
 * project waiting for a grader; certificates for ada (valid) and dee (revoked).
 */
async function seed(s: IStore): Promise<ISeed> {
  const course = freshCourse();
  const ada = [
    await gradedQuiz(s, 'ada', course, T0, [grade('choice', 0), grade('number', 0, 3)], { answers: wrong }),
    await gradedQuiz(s, 'ada', course, T0 + 10, [grade('choice', 1), grade('number', 1, 3)], { answers: right })
  ];
  const bob: string[] = [];
  for (let i = 0; i < 3; i++) bob.push(await gradedQuiz(s, 'bob', course, T0 + 20 + i, [grade('choice', 1), grade('number', i === 2 ? 0.5 : 0, 3)], { answers: right }));
  await s.upsertUser('cy', ['learner'], T0 + 30);
  await s.recordProgress({ user: 'cy', course, lesson: 'lesson-one', kind: 'opened', at: T0 + 30 });
  await pending(s, 'dee', course, 'segmentation', T0 + 40);
  const deeProject = await queued(s, 'dee', course, T0 + 50);
  const override = { course, assessment: 'quiz', deadline: null, grantedBy: 'teach', grantedAt: T0 + 60 };
  await s.setOverride({ ...override, user: 'bob', extraAttempts: 1, excusedItems: ['number'] });
  await s.setOverride({ ...override, user: 'cy', extraAttempts: 0, excusedItems: [] });
  for (const [user, track] of [['ada', 'basics'], ['dee', 'projects']] as const) {
    const id = randomUUID();
    await s.insertCertificate({ id, user, course, track, title: track, credential: {}, jwt: 'x', issuedAt: T0 + 70, revokedAt: null, revokedBy: null, revokedReason: null, statusIndex: await s.nextStatusIndex() });
    if (user === 'dee') await s.revokeCertificate(id, 'teach', 'a mistake', T0 + 80);
  }
  return { course, ada, bob, deeProject };
}

const byUserThen = <T extends { user: string }>(key: (r: T) => string) => (a: T, b: T): number => (a.user + key(a)).localeCompare(b.user + key(b));

export function cohortContract(fx: () => IContractFixture): void {
  it('takes a snapshot of a course: enrolments, lesson states, attempts per learner and assessment, certificates, overrides', async () => {
    const s = fx().store;
    const { course } = await seed(s);
    const snap = await s.cohort.snapshot(course);
    expect(snap.enrollments).toEqual([
      { user: 'ada', enrolledAt: T0 },
      { user: 'bob', enrolledAt: T0 + 20 },
      { user: 'cy', enrolledAt: T0 + 30 },
      { user: 'dee', enrolledAt: T0 + 40 }
    ]);
    expect([...snap.progress].sort(byUserThen((p) => p.lesson))).toEqual([
      { user: 'ada', lesson: 'lesson-one', status: 'completed', updatedAt: T0 + 10 },
      { user: 'cy', lesson: 'lesson-one', status: 'in_progress', updatedAt: T0 + 30 }
    ]);
    expect([...snap.attempts].sort(byUserThen((a) => a.assessment))).toEqual([
      { user: 'ada', assessment: 'quiz', attempts: 2, graded: 2, best: 1, passed: true, inReview: false, lastAt: T0 + 10 },
      { user: 'bob', assessment: 'quiz', attempts: 3, graded: 3, best: 0.625, passed: false, inReview: false, lastAt: T0 + 22 },
      { user: 'dee', assessment: 'capstone', attempts: 1, graded: 0, best: null, passed: false, inReview: true, lastAt: T0 + 50 },
      { user: 'dee', assessment: 'segmentation', attempts: 1, graded: 0, best: null, passed: false, inReview: false, lastAt: T0 + 40 }
    ]);
    expect([...snap.certificates].sort(byUserThen((c) => c.track))).toEqual([
      { user: 'ada', track: 'basics', revoked: false },
      { user: 'dee', track: 'projects', revoked: true }
    ]);
    expect([...snap.overrides].sort(byUserThen((o) => o.assessment))).toEqual([
      { user: 'bob', assessment: 'quiz', extraAttempts: 1 },
      { user: 'cy', assessment: 'quiz', extraAttempts: 0 }
    ]);
    expect(await s.cohort.snapshot(freshCourse())).toEqual({ enrollments: [], progress: [], attempts: [], certificates: [], overrides: [] });
  });

  it('counts recent activity, projects waiting, and excused items per learner', async () => {
    const s = fx().store;
    const { course } = await seed(s);
    // Since T0+21: bob's last two attempts, cy's lesson, dee's two submissions.
    expect(await s.cohort.activity(course, T0 + 21)).toEqual({ learners: 3, submissions: 4 });
    expect(await s.cohort.activity(course, T0)).toEqual({ learners: 4, submissions: 7 });
    expect(await s.cohort.activity(course, T0 + 1000)).toEqual({ learners: 0, submissions: 0 });
    expect(await s.cohort.reviewsWaiting(course)).toBe(1);
    expect(await s.cohort.excused(course, 'quiz')).toEqual(new Map([['bob', ['number']]]));
    expect(await s.cohort.excused(course, 'capstone')).toEqual(new Map());
  });

  it('totals an assessment per learner and reads each learner’s first graded attempt with its item credit', async () => {
    const s = fx().store;
    const { course } = await seed(s);
    expect([...(await s.cohort.assessmentTotals(course, 'quiz'))].sort(byUserThen(() => ''))).toEqual([
      { user: 'ada', attempts: 2, best: 1, passed: true },
      { user: 'bob', attempts: 3, best: 0.625, passed: false }
    ]);
    expect(await s.cohort.assessmentTotals(course, 'capstone'), 'projects waiting are not graded attempts').toEqual([]);
    const firsts = [...(await s.cohort.firstAttempts(course, 'quiz'))].sort(byUserThen(() => ''));
    expect(firsts).toEqual([
      { user: 'ada', answers: wrong, credit: new Map([['choice', 0], ['number', 0]]) },
      { user: 'bob', answers: right, credit: new Map([['choice', 1], ['number', 0]]) }
    ]);
  });

  it('pages through the graded submissions of an assessment by id and reads them back whole', async () => {
    const s = fx().store;
    const { course, ada, bob } = await seed(s);
    const ids = await s.cohort.gradedIds(course, 'quiz');
    expect(ids).toHaveLength(5);
    const records = [...(await s.cohort.records(ids.slice(0, 2))), ...(await s.cohort.records(ids.slice(2)))];
    expect(records.map((r) => r.id).sort()).toEqual([...ada, ...bob].sort());
    const listed = await s.listSubmissions({ course, assessment: 'quiz' });
    const sortItems = <T extends { items: Array<{ itemId: string }> }>(r: T): T => ({ ...r, items: [...r.items].sort((a, b) => a.itemId.localeCompare(b.itemId)) });
    for (const r of records) expect(sortItems(r)).toEqual(sortItems(listed.find((l) => l.id === r.id) ?? { items: [] }));
    expect(await s.cohort.records([])).toEqual([]);
    expect(await s.cohort.gradedIds(course, 'capstone')).toEqual([]);
  });
}
