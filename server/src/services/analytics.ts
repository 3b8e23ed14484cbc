import type { AssessmentAnalytics } from '@voxel-academy/protocol';
import { assessmentOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { analyseItems, histogram } from './item-analysis.js';

/** Score distribution, pass rate, attempts used, and per-item statistics of one assessment. */
export async function assessmentAnalytics(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string): Promise<AssessmentAnalytics> {
  requireInstructor(actor);
  const assessment = assessmentOf(ctx, courseId, assessmentId);
  const [totals, firsts] = await Promise.all([ctx.store.cohort.assessmentTotals(courseId, assessmentId), ctx.store.cohort.firstAttempts(courseId, assessmentId)]);
  const attempts: number[] = [];
  for (const t of totals) {
    while (attempts.length < t.attempts) attempts.push(0);
    attempts[t.attempts - 1] = (attempts[t.attempts - 1] ?? 0) + 1;
  }
  const learners = totals.length;
  const best = totals.map((t) => t.best);
  return {
    courseId,
    assessmentId,
    title: assessment.title,
    passMark: assessment.passMark,
    maxAttempts: assessment.maxAttempts,
    learners,
    submissions: totals.reduce((n, t) => n + t.attempts, 0),
    passRate: learners === 0 ? null : Math.round((1000 * totals.filter((t) => t.passed).length) / learners) / 1000,
    meanBestScore: learners === 0 ? null : Math.round((10_000 * best.reduce((a, b) => a + b, 0)) / learners) / 10_000,
    histogram: histogram(best),
    attempts,
    sample: firsts.length,
    items: analyseItems(assessment.items, firsts)
  };
}
