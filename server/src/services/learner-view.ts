import { AnswerValue, type LearnerSubmission, type LearnerView } from '@voxel-academy/protocol';
import type { ILoadedAssessment } from '../content/load-content.js';
import type { ISubmissionRecord } from '../store/types.js';
import { summaryOf } from './certificates.js';
import { courseOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { notFound } from './errors.js';
import { toResult } from './grading.js';
import { summarise } from './progress.js';

/**
 * The variant an attempt was graded on. Per-learner variants are issue 10's: once they land,
 * this returns the attempt's variant tag (the seam the learner view shows); until then every
 * learner works on the same data and there is none to show.
 */
export function submissionVariant(_ctx: IServiceContext, _assessment: ILoadedAssessment, _record: ISubmissionRecord): string | null {
  return null;
}

/** One learner as an instructor acts on them: progress, attempts, every submission, certificates, overrides. */
export async function learnerView(ctx: IServiceContext, actor: IActor, courseId: string, user: string): Promise<LearnerView> {
  requireInstructor(actor);
  const course = courseOf(ctx, courseId);
  const [rows, records, certificates] = await Promise.all([
    ctx.store.lessonProgress(user, courseId),
    ctx.store.listSubmissions({ user, course: courseId }),
    ctx.store.listCertificates(user)
  ]);
  // Enrolment happens on a learner's first lesson or submission: nothing of either, nobody to show.
  if (rows.length === 0 && records.length === 0) throw notFound(`Learner "${user}" in course "${courseId}"`);
  const assessments = [...course.assessments.values()];
  const overrides = new Map((await Promise.all(assessments.map((a) => ctx.store.getOverride(user, courseId, a.id)))).flatMap((o) => (o ? [[o.assessment, o] as const] : [])));
  const submissions: LearnerSubmission[] = [];
  for (const r of records) {
    const assessment = course.assessments.get(r.assessment);
    if (!assessment) continue;
    submissions.push({ ...(await toResult(ctx, r)), answers: answersOf(assessment, r), variant: submissionVariant(ctx, assessment, r) });
  }
  // Newest first: what the learner did last is what the instructor usually wants.
  submissions.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return {
    courseId,
    user,
    progress: summarise(course.summary, user, rows),
    assessments: assessments.map((a) => {
      const mine = records.filter((r) => r.assessment === a.id);
      const graded = mine.filter((r) => r.status === 'graded' && r.score !== null);
      const o = overrides.get(a.id);
      const deadline = o?.deadline ?? (a.deadline === null ? null : Date.parse(a.deadline));
      return {
        assessmentId: a.id,
        lessonId: a.lesson,
        title: a.title,
        attemptsUsed: mine.length,
        attemptsLeft: a.maxAttempts === null ? null : Math.max(0, a.maxAttempts + (o?.extraAttempts ?? 0) - mine.length),
        best: graded.length === 0 ? null : Math.max(...graded.map((r) => r.score ?? 0)),
        passed: graded.some((r) => r.passed === true),
        deadline: deadline === null ? null : new Date(deadline).toISOString()
      };
    }),
    submissions,
    certificates: certificates.filter((c) => c.course === courseId).map((c) => summaryOf(ctx, c)),
    overrides: [...overrides.values()].map((o) => ({
      assessmentId: o.assessment,
      extraAttempts: o.extraAttempts,
      deadline: o.deadline === null ? null : new Date(o.deadline).toISOString(),
      excusedItems: o.excusedItems,
      grantedBy: o.grantedBy,
      grantedAt: new Date(o.grantedAt).toISOString()
    }))
  };
}

/** The answers as the learner sent them, for the assessment's items only (other keys are bookkeeping). */
function answersOf(assessment: ILoadedAssessment, r: ISubmissionRecord): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const item of assessment.items) {
    const parsed = AnswerValue.safeParse(r.answers[item.id]);
    if (parsed.success) out[item.id] = parsed.data;
  }
  return out;
}
