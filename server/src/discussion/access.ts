import type { DiscussionPlace } from '@voxel-academy/protocol';
import type { ICourseContent } from '../content/load-content.js';
import { courseOf, type IActor, type IServiceContext } from '../services/context.js';
import { forbidden, notFound, ServiceError } from '../services/errors.js';
import type { IItemDiscussionSettingRow, IPostRow, IThreadRow } from '../store/aggregates/discussion.js';

/**
 * Who may do what in a course's discussion. Any signed-in user may read and write in any
 * course the deployment serves (as for lessons); staff (instructors, admins) moderate. The
 * one exception is an item thread made staff-only until the item's deadline: only staff and
 * the thread's author read it until then, so a learner cannot collect answers early.
 */
export const isStaff = (actor: IActor): boolean => actor.roles.includes('instructor') || actor.roles.includes('admin');

export function requireStaff(actor: IActor, what: string): void {
  if (!isStaff(actor)) throw forbidden(`Only instructors and hub admins can ${what}.`);
}

export function hasLesson(course: ICourseContent, lessonId: string): boolean {
  return course.summary.tracks.some((t) => t.modules.some((m) => m.lessons.some((l) => l.id === lessonId)));
}

/** The place exists: the lesson in the course, and the item in that lesson's assessment. */
export function checkPlace(ctx: IServiceContext, courseId: string, place: DiscussionPlace): void {
  const course = courseOf(ctx, courseId);
  if (!hasLesson(course, place.lessonId)) throw notFound(`Lesson "${place.lessonId}" in course "${courseId}"`);
  if (place.assessmentId === null || place.itemId === null) return;
  const assessment = course.assessments.get(place.assessmentId);
  if (!assessment) throw notFound(`Assessment "${place.assessmentId}" in course "${courseId}"`);
  if (assessment.lesson !== place.lessonId) throw new ServiceError('bad_request', 'Wrong lesson', `Assessment "${place.assessmentId}" belongs to lesson "${assessment.lesson}", not "${place.lessonId}".`);
  if (!assessment.items.some((i) => i.id === place.itemId)) throw notFound(`Item "${place.itemId}" in assessment "${place.assessmentId}"`);
}

/** The item's deadline (epoch ms), or null when its assessment has none. */
function itemDeadline(ctx: IServiceContext, courseId: string, assessmentId: string): number | null {
  const deadline = ctx.content.courses.get(courseId)?.assessments.get(assessmentId)?.deadline ?? null;
  return deadline === null ? null : Date.parse(deadline);
}

/**
 * Whether the thread is staff-only now. An item with the switch on and no deadline stays
 * staff-only until an instructor opens it (there is no moment it would open by itself).
 */
export function staffOnlyNow(ctx: IServiceContext, thread: IThreadRow, settings: readonly IItemDiscussionSettingRow[]): boolean {
  if (thread.assessment === null || thread.item === null) return false;
  const setting = settings.find((s) => s.assessment === thread.assessment && s.item === thread.item);
  if (!setting?.staffOnlyUntilDeadline) return false;
  const deadline = itemDeadline(ctx, thread.course, thread.assessment);
  return deadline === null || ctx.now() <= deadline;
}

export function canRead(ctx: IServiceContext, actor: IActor, thread: IThreadRow, settings: readonly IItemDiscussionSettingRow[]): boolean {
  return isStaff(actor) || thread.author === actor.user || !staffOnlyNow(ctx, thread, settings);
}

/** The thread, if the actor may read it; a thread they may not read is answered as not found (its existence is not told). */
export async function readableThread(ctx: IServiceContext, actor: IActor, threadId: string): Promise<{ thread: IThreadRow; settings: IItemDiscussionSettingRow[] }> {
  const thread = await ctx.store.discussion.thread(threadId);
  if (!thread || !ctx.content.courses.has(thread.course)) throw notFound('Thread');
  const settings = await ctx.store.discussion.itemSettings(thread.course);
  if (!canRead(ctx, actor, thread, settings)) throw notFound('Thread');
  return { thread, settings };
}

/** The post and its thread, if the actor may read them. */
export async function readablePost(ctx: IServiceContext, actor: IActor, postId: string): Promise<{ post: IPostRow; thread: IThreadRow; settings: IItemDiscussionSettingRow[] }> {
  const post = await ctx.store.discussion.post(postId);
  if (!post) throw notFound('Post');
  const { thread, settings } = await readableThread(ctx, actor, post.threadId).catch(() => {
    throw notFound('Post');
  });
  // A hidden or deleted post is still there (for its thread's order) but nothing can be done with it by learners.
  return { post, thread, settings };
}

export function requireOpen(thread: IThreadRow): void {
  if (thread.locked) throw new ServiceError('conflict', 'Thread locked', 'An instructor locked this thread: it takes no new posts, edits or votes.');
}
