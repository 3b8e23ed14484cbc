import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type ICourseContent } from '../../src/content/load-content.js';
import { journeyOf, type IJourneyInput } from '../../src/journey/journey.js';
import type { IItemGradeRow, ISubmissionRecord } from '../../src/store/types.js';
import { fixtureContent } from '../support/fixture-content.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T10:00:00Z');

let course: ICourseContent;
beforeAll(async () => {
  const content = await loadContent(fixtureContent());
  const demo = content.courses.get('demo');
  if (!demo) throw new Error('the fixture has no demo course');
  course = demo;
});

function item(itemId: string, score: number, weight = 1): IItemGradeRow {
  return { itemId, score, points: score * weight, maxPoints: weight, feedback: '' };
}

let ids = 0;
function submission(assessment: string, at: number, items: IItemGradeRow[], extra: Partial<ISubmissionRecord> = {}): ISubmissionRecord {
  return {
    id: `s${++ids}`,
    user: 'ada',
    course: 'demo',
    assessment,
    attempt: 1,
    status: 'graded',
    answers: {},
    submittedAt: at,
    gradedAt: at + 100,
    late: false,
    lateFactor: 1,
    score: null,
    passed: null,
    error: null,
    items,
    ...extra
  };
}

function input(over: Partial<IJourneyInput>): IJourneyInput {
  return { course, submissions: [], lessons: [], activity: [], now: T0, timeZone: 'UTC', ...over };
}

describe('a learner’s journey (points, level, streak, milestones)', () => {
  it('starts at level 1 with nothing achieved', () => {
    const j = journeyOf(input({}));
    expect(j).toMatchObject({ courseId: 'demo', enabled: true, xp: 0, level: 1, levelStartsAt: 0, nextLevelAt: 50, streak: { current: 0, longest: 0, activeToday: false, timeZone: 'UTC' } });
    expect(j.milestones.map((m) => [m.id, m.achievedAt])).toEqual([
      ['first-image-graded', null],
      ['landmark-within-tolerance', null],
      ['two-lessons', null],
      ['basics-done', null],
      ['three-days', null]
    ]);
  });

  it('counts each item once, at its best graded score: resubmitting the same work earns nothing more', () => {
    const first = submission('quiz', T0, [item('modality', 1), item('voxel-volume', 0.5, 2), item('landmark', 0)]);
    const better = submission('quiz', T0 + 1000, [item('modality', 0), item('voxel-volume', 1, 2), item('landmark', 1)]);
    const again = submission('quiz', T0 + 2000, [item('modality', 1), item('voxel-volume', 1, 2), item('landmark', 1)]);
    const pending = submission('quiz', T0 + 3000, [item('water', 1)], { status: 'pending' });
    const j = journeyOf(input({ submissions: [first, better, again, pending], now: T0 + 4000 }));
    // modality 1 + voxel-volume 2 + landmark 1 = 4 points × 10; the pending submission counts for nothing.
    expect(j.xpFrom).toEqual({ items: 40, lessons: 0, projects: 0 });
    const landmark = j.milestones.find((m) => m.id === 'landmark-within-tolerance');
    expect(landmark?.achievedAt).toBe(new Date(T0 + 1000 + 100).toISOString());
  });

  it('adds completed lessons and passed projects, and places the total on the level scale', () => {
    const lessons = [
      { lesson: 'lesson-one', status: 'completed' as const, updatedAt: T0 + 5 * DAY },
      { lesson: 'lesson-two', status: 'completed' as const, updatedAt: T0 + 2 * DAY },
      { lesson: 'lesson-shift', status: 'in_progress' as const, updatedAt: T0 }
    ];
    const activity = [
      { lesson: 'lesson-one', kind: 'assessment_passed' as const, at: T0 + DAY },
      { lesson: 'lesson-one', kind: 'opened' as const, at: T0 + 5 * DAY }
    ];
    const project = submission('capstone', T0, [item('project', 0.75, 4)], { passed: true });
    const waiting = submission('capstone', T0 + DAY, [item('project', 0, 4)], { status: 'review' });
    const j = journeyOf(input({ lessons, activity, submissions: [project, waiting], now: T0 + 6 * DAY }));
    expect(j.xpFrom).toEqual({ items: 30, lessons: 40, projects: 200 });
    expect(j).toMatchObject({ xp: 270, level: 3, levelStartsAt: 150, nextLevelAt: 400 });
    // Lesson one was completed when its assessment passed (day 1), not when it was reopened (day 5).
    const at = (id: string): string | null | undefined => j.milestones.find((m) => m.id === id)?.achievedAt;
    expect(at('two-lessons')).toBe(new Date(T0 + 2 * DAY).toISOString());
    expect(at('basics-done')).toBe(new Date(T0 + 2 * DAY).toISOString());
    expect(journeyOf(input({ lessons: lessons.slice(1) })).milestones.find((m) => m.id === 'basics-done')?.achievedAt).toBeNull();
  });

  it('has no level past the last: the top level has no next one', () => {
    const lessons = Array.from({ length: 30 }, (_, i) => ({ lesson: `l${i}`, status: 'completed' as const, updatedAt: T0 }));
    expect(journeyOf(input({ lessons }))).toMatchObject({ xp: 600, level: 4, levelStartsAt: 400, nextLevelAt: null });
  });

  it('marks the first image graded with credit, and streak milestones on the day they were reached', () => {
    const noCredit = submission('segmentation', T0, [item('mask', 0)]);
    const credit = submission('segmentation', T0 + DAY, [item('mask', 0.4)]);
    const opened = [0, 2].map((d) => ({ lesson: 'lesson-two', kind: 'opened' as const, at: T0 + d * DAY + 3600_000 }));
    const j = journeyOf(input({ submissions: [noCredit, credit], activity: opened, now: T0 + 2 * DAY + 7200_000 }));
    const at = (id: string): string | null | undefined => j.milestones.find((m) => m.id === id)?.achievedAt;
    expect(at('first-image-graded')).toBe(new Date(T0 + DAY + 100).toISOString());
    // Days 0 (opened, submitted), 1 (submitted) and 2 (opened): three in a row, reached on day 2.
    expect(at('three-days')).toBe(new Date(T0 + 2 * DAY + 3600_000).toISOString());
    expect(j.streak).toEqual({ current: 3, longest: 3, activeToday: true, timeZone: 'UTC' });
  });
});
