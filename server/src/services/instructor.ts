import type { AssessmentStats, OverrideRequest, Roster } from '@voxel-academy/protocol';
import { eachLesson } from '../content/check-course.js';
import type { ISubmissionRecord } from '../store/types.js';
import { assessmentOf, courseOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { summarise } from './progress.js';
import { rescoreLearner } from './regrade.js';
import { publishActivity } from './staff-events.js';

export async function roster(ctx: IServiceContext, actor: IActor, courseId: string): Promise<Roster> {
  requireInstructor(actor);
  const course = courseOf(ctx, courseId);
  const rows = await ctx.store.roster(courseId);
  const available = [...eachLesson(course.summary)].filter((l) => l.lesson.status === 'available').length;
  return {
    courseId,
    learners: rows.map((r) => {
      const completed = summarise(course.summary, r.user, r.lessons).lessons.filter((l) => l.state === 'completed').length;
      const last = r.lessons.reduce<number | null>((max, l) => (max === null || l.updatedAt > max ? l.updatedAt : max), null);
      return {
        user: r.user,
        enrolledAt: new Date(r.enrolledAt).toISOString(),
        completedLessons: completed,
        percent: available === 0 ? 0 : Math.round((1000 * completed) / available) / 10,
        lastActivity: last === null ? null : new Date(last).toISOString()
      };
    })
  };
}

/** Best graded attempt per learner. */
function bestPerLearner(records: ISubmissionRecord[]): Map<string, ISubmissionRecord> {
  const best = new Map<string, ISubmissionRecord>();
  for (const r of records) {
    if (r.status !== 'graded' || r.score === null) continue;
    const current = best.get(r.user);
    if (!current || (current.score ?? 0) < r.score) best.set(r.user, r);
  }
  return best;
}

export async function assessmentStats(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string): Promise<AssessmentStats> {
  requireInstructor(actor);
  const assessment = assessmentOf(ctx, courseId, assessmentId);
  const records = await ctx.store.listSubmissions({ course: courseId, assessment: assessmentId });
  const best = [...bestPerLearner(records).values()];
  const mean = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round((10_000 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 10_000);
  return {
    courseId,
    assessmentId,
    learners: new Set(records.map((r) => r.user)).size,
    submissions: records.length,
    passRate: best.length === 0 ? null : best.filter((r) => r.passed).length / best.length,
    meanBestScore: mean(best.map((r) => r.score ?? 0)),
    items: assessment.items.map((item) => {
      const scores = best.flatMap((r) => r.items.filter((i) => i.itemId === item.id).map((i) => i.score));
      return { itemId: item.id, meanScore: mean(scores), answered: best.filter((r) => item.id in r.answers).length };
    })
  };
}

/** CSV with one row per enrolled learner and their best score per assessment of the course. */
export async function gradebookCsv(ctx: IServiceContext, actor: IActor, courseId: string): Promise<string> {
  requireInstructor(actor);
  const course = courseOf(ctx, courseId);
  const assessments = [...course.assessments.values()];
  const records = await ctx.store.listSubmissions({ course: courseId });
  const learners = new Set([...(await ctx.store.roster(courseId)).map((r) => r.user), ...records.map((r) => r.user)]);
  const header = ['user', ...assessments.flatMap((a) => [`${a.id} best score`, `${a.id} passed`, `${a.id} attempts`])];
  const lines = [header];
  for (const user of [...learners].sort()) {
    const row = [user];
    for (const a of assessments) {
      const mine = records.filter((r) => r.user === user && r.assessment === a.id);
      const best = bestPerLearner(mine).get(user);
      row.push(best?.score === undefined || best.score === null ? '' : best.score.toFixed(4), best ? String(best.passed === true) : '', String(mine.length));
    }
    lines.push(row);
  }
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Quotes when needed and defuses spreadsheet formulas (=, +, -, @ at the start). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function setOverride(
  ctx: IServiceContext,
  actor: IActor,
  input: { courseId: string; assessmentId: string; user: string; request: OverrideRequest }
): Promise<void> {
  requireInstructor(actor);
  const assessment = assessmentOf(ctx, input.courseId, input.assessmentId);
  const before = await ctx.store.getOverride(input.user, input.courseId, input.assessmentId);
  const excusedItems = input.request.excusedItems ?? before?.excusedItems ?? [];
  const unknown = excusedItems.filter((id) => !assessment.items.some((i) => i.id === id));
  if (unknown.length > 0) throw new ServiceError('bad_request', 'Unknown items', `Assessment "${assessment.id}" has no item(s) ${unknown.join(', ')}.`);
  await ctx.store.setOverride({
    user: input.user,
    course: input.courseId,
    assessment: input.assessmentId,
    extraAttempts: input.request.extraAttempts,
    deadline: input.request.deadline === null ? null : Date.parse(input.request.deadline),
    excusedItems: [...new Set(excusedItems)],
    grantedBy: actor.user,
    grantedAt: ctx.now()
  });
  const changed = [...new Set(excusedItems)].sort().join() !== [...(before?.excusedItems ?? [])].sort().join();
  if (changed) await rescoreLearner(ctx, actor, assessment, input.user);
  // The learner's open assessment panel shows the new attempts, deadline and excused items at once.
  const used = await ctx.store.attemptsUsed(input.user, input.courseId, input.assessmentId);
  ctx.events.publish(input.user, {
    type: 'override.changed',
    courseId: input.courseId,
    assessmentId: input.assessmentId,
    attemptsLeft: assessment.maxAttempts === null ? null : Math.max(0, assessment.maxAttempts + input.request.extraAttempts - used),
    // The deadline that applies to them now: their own, else the assessment's.
    deadline: input.request.deadline !== null ? new Date(input.request.deadline).toISOString() : assessment.deadline === null ? null : new Date(assessment.deadline).toISOString(),
    excusedItems
  });
  publishActivity(ctx, input.user, input.courseId, { kind: 'override', assessmentId: input.assessmentId });
}
