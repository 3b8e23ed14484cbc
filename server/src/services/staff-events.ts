import type { LiveEvent } from '@voxel-academy/protocol';
import type { IServiceContext } from './context.js';

type Activity = Extract<LiveEvent, { type: 'course.activity' }>;

/**
 * Tells every open instructor workspace that a learner did something, so the heatmap and the
 * learner view follow the cohort live. Names and ids only: views fetch what they show.
 */
export function publishActivity(
  ctx: IServiceContext,
  user: string,
  courseId: string,
  what: { kind: Activity['kind']; lessonId?: string; assessmentId?: string }
): void {
  const lessonId = what.lessonId ?? (what.assessmentId ? ctx.content.courses.get(courseId)?.assessments.get(what.assessmentId)?.lesson : undefined) ?? null;
  ctx.events.publishStaff({ type: 'course.activity', courseId, user, kind: what.kind, lessonId, assessmentId: what.assessmentId ?? null });
}

/** Tells every open grading queue that a project changed hands or was graded. */
export function publishReviewChanged(ctx: IServiceContext, courseId: string, assessmentId: string, submissionId: string): void {
  ctx.events.publishStaff({ type: 'review.changed', courseId, assessmentId, submissionId });
}
