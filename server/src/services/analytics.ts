import type { AssessmentAnalytics } from '@voxel-academy/protocol';
import type { IAnalysedSubmission } from '../store/instructor-types.js';
import { assessmentOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { analyseItems, histogram, type IFirstAttempt } from './item-analysis.js';

/** Score distribution, pass rate, attempts used, and per-item statistics of one assessment. */
export async function assessmentAnalytics(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string): Promise<AssessmentAnalytics> {
  requireInstructor(actor);
  const assessment = assessmentOf(ctx, courseId, assessmentId);
  const graded = await ctx.store.cohort.gradedSubmissions(courseId, assessmentId);
  // Oldest attempt first per learner (the store's order): the first one seen is the first attempt.
  const byLearner = new Map<string, IAnalysedSubmission[]>();
  for (const s of graded) {
    const list = byLearner.get(s.user) ?? [];
    list.push(s);
    byLearner.set(s.user, list);
  }
  const best: number[] = [];
  const attempts: number[] = [];
  let passed = 0;
  const firsts: IFirstAttempt[] = [];
  for (const list of byLearner.values()) {
    best.push(Math.max(...list.map((s) => s.score)));
    if (list.some((s) => s.passed)) passed++;
    const n = list.length;
    while (attempts.length < n) attempts.push(0);
    attempts[n - 1] = (attempts[n - 1] ?? 0) + 1;
    const [first] = list;
    if (first) firsts.push({ answers: first.answers, credit: new Map(first.items.map((i) => [i.itemId, i.score])) });
  }
  const learners = byLearner.size;
  return {
    courseId,
    assessmentId,
    title: assessment.title,
    passMark: assessment.passMark,
    maxAttempts: assessment.maxAttempts,
    learners,
    submissions: graded.length,
    passRate: learners === 0 ? null : Math.round((1000 * passed) / learners) / 1000,
    meanBestScore: learners === 0 ? null : Math.round((10_000 * best.reduce((a, b) => a + b, 0)) / learners) / 10_000,
    histogram: histogram(best),
    attempts,
    sample: firsts.length,
    items: analyseItems(assessment.items, firsts)
  };
}
