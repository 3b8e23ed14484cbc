import { ATTENTION_LIMIT, type AttentionList, type AttentionReason, type CourseOverview, type Heatmap, type HeatmapState } from '@voxel-academy/protocol';
import { eachLesson } from '../content/check-course.js';
import type { ICourseContent } from '../content/load-content.js';
import type { IAttemptSummary, ICohortSnapshot } from '../store/instructor-types.js';
import { courseOf, requireInstructor, type IActor, type IServiceContext } from './context.js';

const DAY_MS = 24 * 3600 * 1000;
/** A started lesson untouched this long counts as stuck. */
export const STUCK_DAYS = 3;
/** Failed graded attempts on one assessment that count as many. */
export const MANY_FAILURES = 3;

/**
 * The cohort views of the instructor workspace, computed in one pass over a snapshot of the
 * course (four indexed reads): overview, heatmap and the learners who need help.
 */

interface ILessonColumn {
  id: string;
  title: string;
  trackId: string;
  assessmentId: string | null;
  project: boolean;
}

interface ILearnerRow {
  user: string;
  states: HeatmapState[];
  scores: (number | null)[];
  attempts: number[];
  /** Completed available lessons, and when the learner last did anything. */
  completed: number;
  lastActivity: number | null;
  /** Per lesson: when it was last touched (opened, submitted). */
  touched: (number | null)[];
}

function columns(course: ICourseContent): ILessonColumn[] {
  return [...eachLesson(course.summary)]
    .filter((l) => l.lesson.status === 'available')
    .map((l) => ({ id: l.lesson.id, title: l.lesson.title, trackId: l.track.id, assessmentId: l.lesson.assessment ?? null, project: l.lesson.kind === 'project' }));
}

/** Every learner's row, in roster order; one map lookup per cell. */
function rows(snapshot: ICohortSnapshot, lessons: ILessonColumn[]): ILearnerRow[] {
  const progress = new Map(snapshot.progress.map((p) => [`${p.user}\u0000${p.lesson}`, p]));
  const attempts = new Map(snapshot.attempts.map((a) => [`${a.user}\u0000${a.assessment}`, a]));
  return snapshot.enrollments.map(({ user }) => {
    const row: ILearnerRow = { user, states: [], scores: [], attempts: [], completed: 0, lastActivity: null, touched: [] };
    for (const lesson of lessons) {
      const p = progress.get(`${user}\u0000${lesson.id}`);
      const a: IAttemptSummary | undefined = lesson.assessmentId === null ? undefined : attempts.get(`${user}\u0000${lesson.assessmentId}`);
      const completed = p?.status === 'completed';
      const state: HeatmapState = completed || a?.passed ? 'p' : a?.inReview ? 'r' : (a?.graded ?? 0) > 0 ? 'f' : p || a ? 'i' : 'n';
      const touched = Math.max(p?.updatedAt ?? -1, a?.lastAt ?? -1);
      row.states.push(state);
      row.scores.push(a?.best === null || a?.best === undefined ? null : Math.round(a.best * 1000) / 1000);
      row.attempts.push(a?.attempts ?? 0);
      row.touched.push(touched < 0 ? null : touched);
      if (completed) row.completed++;
      if (touched >= 0 && (row.lastActivity === null || touched > row.lastActivity)) row.lastActivity = touched;
    }
    return row;
  });
}

const percentOf = (done: number, total: number): number => (total === 0 ? 0 : Math.round((1000 * done) / total) / 10);
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

export async function heatmap(ctx: IServiceContext, actor: IActor, courseId: string): Promise<Heatmap> {
  requireInstructor(actor);
  const lessons = columns(courseOf(ctx, courseId));
  const learners = rows(await ctx.store.cohort.snapshot(courseId), lessons);
  return {
    courseId,
    lessons,
    learners: learners.map((r) => ({
      user: r.user,
      states: r.states.join(''),
      scores: r.scores,
      attempts: r.attempts,
      percent: percentOf(r.completed, lessons.length),
      lastActivity: iso(r.lastActivity)
    }))
  };
}

export async function courseOverview(ctx: IServiceContext, actor: IActor, courseId: string): Promise<CourseOverview> {
  requireInstructor(actor);
  const course = courseOf(ctx, courseId);
  const lessons = columns(course);
  const snapshot = await ctx.store.cohort.snapshot(courseId);
  const learners = rows(snapshot, lessons);
  const now = ctx.now();
  const week = await ctx.store.cohort.activity(courseId, now - 7 * DAY_MS);
  const valid = snapshot.certificates.filter((c) => !c.revoked);
  return {
    courseId,
    enrolled: learners.length,
    activeThisWeek: week.learners,
    submissionsThisWeek: week.submissions,
    reviewsWaiting: await ctx.store.cohort.reviewsWaiting(courseId),
    certificatesIssued: valid.length,
    tracks: course.summary.tracks
      .map((track) => {
        const at = lessons.flatMap((l, i) => (l.trackId === track.id ? [i] : []));
        const percents = learners.map((r) => percentOf(at.filter((i) => r.states[i] === 'p').length, at.length));
        const bands = [0, 0, 0, 0, 0, 0];
        for (const p of percents) {
          const band = p === 0 ? 0 : p === 100 ? 5 : Math.min(4, Math.ceil(p / 25));
          bands[band] = (bands[band] ?? 0) + 1;
        }
        return {
          trackId: track.id,
          title: track.title,
          lessons: at.length,
          meanPercent: percents.length === 0 ? 0 : Math.round((10 * percents.reduce((a, b) => a + b, 0)) / percents.length) / 10,
          completed: percents.filter((p) => p === 100).length,
          bands,
          certificates: valid.filter((c) => c.track === track.id).length
        };
      })
      .filter((t) => t.lessons > 0),
    generatedAt: new Date(now).toISOString()
  };
}

/**
 * Where a learner stopped: nothing done anywhere for STUCK_DAYS, and the lesson they touched
 * last is not passed (a learner who moved on past a failed lesson is not stuck on it).
 */
function stuckAt(row: ILearnerRow, now: number): number | null {
  if (row.lastActivity === null || now - row.lastActivity < STUCK_DAYS * DAY_MS) return null;
  let last = -1;
  row.touched.forEach((t, i) => {
    if (t !== null && (last < 0 || t >= (row.touched[last] ?? -1))) last = i;
  });
  return last >= 0 && row.states[last] !== 'p' && row.states[last] !== 'r' ? last : null;
}

export async function needsHelp(ctx: IServiceContext, actor: IActor, courseId: string): Promise<AttentionList> {
  requireInstructor(actor);
  const course = courseOf(ctx, courseId);
  const lessons = columns(course);
  const snapshot = await ctx.store.cohort.snapshot(courseId);
  const attempts = new Map(snapshot.attempts.map((a) => [`${a.user}\u0000${a.assessment}`, a]));
  const extra = new Map(snapshot.overrides.map((o) => [`${o.user}\u0000${o.assessment}`, o.extraAttempts]));
  const now = ctx.now();
  const learners: AttentionList['learners'] = [];
  for (const row of rows(snapshot, lessons)) {
    const reasons: AttentionReason[] = [];
    lessons.forEach((lesson, i) => {
      const a = lesson.assessmentId === null ? undefined : attempts.get(`${row.user}\u0000${lesson.assessmentId}`);
      const state = row.states[i];
      if (state === 'p' || state === 'r') return;
      const assessment = lesson.assessmentId === null ? undefined : course.assessments.get(lesson.assessmentId);
      const best = a?.best === null || a?.best === undefined ? '—' : `${Math.round(a.best * 100)} %`;
      if (a && assessment?.maxAttempts !== null && assessment?.maxAttempts !== undefined) {
        const limit = assessment.maxAttempts + (extra.get(`${row.user}\u0000${assessment.id}`) ?? 0);
        if (a.attempts >= limit) reasons.push({ kind: 'attempts-exhausted', lessonId: lesson.id, assessmentId: assessment.id, detail: `${a.attempts} of ${limit} attempts used, best ${best}`, since: new Date(a.lastAt).toISOString() });
      }
      const failed = (a?.graded ?? 0) - (a?.passed ? 1 : 0);
      if (a && failed >= MANY_FAILURES) reasons.push({ kind: 'many-failures', lessonId: lesson.id, assessmentId: lesson.assessmentId, detail: `${failed} failed attempts, best ${best}`, since: new Date(a.lastAt).toISOString() });
    });
    const stuck = stuckAt(row, now);
    if (stuck !== null) {
      const lesson = lessons[stuck];
      if (lesson) reasons.push({ kind: 'stuck', lessonId: lesson.id, assessmentId: lesson.assessmentId, detail: `no activity for ${Math.floor((now - (row.lastActivity ?? now)) / DAY_MS)} days; last worked on this lesson, not passed`, since: iso(row.lastActivity) ?? new Date(now).toISOString() });
    }
    if (reasons.length > 0) learners.push({ user: row.user, lastActivity: iso(row.lastActivity), reasons });
  }
  // Most reasons first; among equals, the longest without activity.
  learners.sort((a, b) => b.reasons.length - a.reasons.length || (a.lastActivity ?? '').localeCompare(b.lastActivity ?? ''));
  return { courseId, stuckDays: STUCK_DAYS, manyFailures: MANY_FAILURES, total: learners.length, learners: learners.slice(0, ATTENTION_LIMIT) };
}
