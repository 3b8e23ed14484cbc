import type { DiscussionPost, ItemDiscussionSettings, ModerationQueue } from '@voxel-academy/protocol';
import { checkPlace, readablePost, requireOpen, requireStaff } from '../discussion/access.js';
import { overLimit, postingQuota } from '../discussion/limits.js';
import { notifyChange, notifyUsers } from '../discussion/notify.js';
import { presentPost } from '../discussion/present.js';
import type { IModerationRow, IPostRow, IThreadRow } from '../store/aggregates/discussion.js';
import { courseOf, discussionTopic, type IActor, type IServiceContext } from './context.js';
import { presentOne } from './discussion.js';
import { forbidden, notFound, ServiceError } from './errors.js';

const iso = (ms: number): string => new Date(ms).toISOString();

function usable(post: IPostRow): void {
  if (post.deletedAt !== null) throw new ServiceError('conflict', 'Post deleted', 'Its author deleted this post.');
}

const logRow = (actor: IActor, thread: IThreadRow, postId: string | null, action: IModerationRow['action'], at: number, note = ''): IModerationRow => ({
  course: thread.course,
  at,
  actor: actor.user,
  action,
  threadId: thread.id,
  postId,
  note
});

/** Upvote (or take it back): anyone who can read the post, never one's own, not in a locked thread. */
export async function votePost(ctx: IServiceContext, actor: IActor, postId: string, up: boolean): Promise<DiscussionPost> {
  const { post, thread, settings } = await readablePost(ctx, actor, postId);
  if (post.author === actor.user) throw forbidden('You cannot vote for your own post.');
  usable(post);
  if (post.hidden) throw new ServiceError('conflict', 'Post hidden', 'An instructor hid this post.');
  requireOpen(thread);
  await ctx.store.discussion.setVote(postId, actor.user, up);
  notifyChange(ctx, thread, settings, postId, 'vote');
  return presentOne(ctx, actor, postId);
}

/** Instructors endorse an answer (a reply, not the question); its author is told. */
export async function endorsePost(ctx: IServiceContext, actor: IActor, postId: string, endorsed: boolean): Promise<DiscussionPost> {
  requireStaff(actor, 'endorse answers');
  const { post, thread, settings } = await readablePost(ctx, actor, postId);
  if (post.isQuestion) throw new ServiceError('bad_request', 'Not an answer', 'Endorse a reply that answers the question, not the question itself.');
  usable(post);
  if (post.endorsed !== endorsed) {
    const at = ctx.now();
    await ctx.store.discussion.setEndorsed(postId, endorsed, logRow(actor, thread, postId, endorsed ? 'endorse' : 'unendorse', at));
    notifyChange(ctx, thread, settings, postId, 'endorse');
    if (endorsed) await notifyUsers(ctx, actor, thread, postId, [{ user: post.author, kind: 'endorsed' }], false);
  }
  return presentOne(ctx, actor, postId);
}

/** Instructors hide a post from learners (the author included) or show it again. */
export async function hidePost(ctx: IServiceContext, actor: IActor, postId: string, hidden: boolean, reason: string): Promise<DiscussionPost> {
  requireStaff(actor, 'hide posts');
  const { post, thread, settings } = await readablePost(ctx, actor, postId);
  if (post.hidden !== hidden || (hidden && post.hiddenReason !== reason)) {
    await ctx.store.discussion.setHidden(postId, hidden, reason, logRow(actor, thread, postId, hidden ? 'hide' : 'unhide', ctx.now(), reason));
    notifyChange(ctx, thread, settings, postId, 'hide');
  }
  return presentOne(ctx, actor, postId);
}

/** Anyone who can read a post reports it, once; staff are told live. */
export async function reportPost(ctx: IServiceContext, actor: IActor, postId: string, reason: string): Promise<{ reported: boolean }> {
  const { post, thread } = await readablePost(ctx, actor, postId);
  if (post.author === actor.user) throw new ServiceError('bad_request', 'Your own post', 'Edit or delete your own post instead of reporting it.');
  usable(post);
  const id = ctx.newId();
  const outcome = await ctx.store.discussion.report({ id, course: thread.course, threadId: thread.id, postId, reporter: actor.user, reason, at: ctx.now() }, postingQuota(ctx, actor));
  if (outcome === 'limited') throw overLimit(ctx, 'reports');
  if (outcome === 'reported') ctx.events.publishStaff({ type: 'discussion.reported', courseId: thread.course, reportId: id, threadId: thread.id });
  return { reported: outcome === 'reported' };
}

/** Instructors close a report (and every other open report of the same post): dismiss it, or hide the post. */
export async function resolveReport(ctx: IServiceContext, actor: IActor, reportId: string, action: 'dismiss' | 'hide', note: string): Promise<ModerationQueue> {
  requireStaff(actor, 'resolve reports');
  const report = await ctx.store.discussion.reportById(reportId);
  if (!report || !ctx.content.courses.has(report.course)) throw notFound('Report');
  const thread = await ctx.store.discussion.thread(report.threadId);
  if (!thread) throw notFound('Report');
  const at = ctx.now();
  if (action === 'hide') {
    const post = await ctx.store.discussion.post(report.postId);
    if (post && !post.hidden) await ctx.store.discussion.setHidden(report.postId, true, note || report.reason, logRow(actor, thread, report.postId, 'hide', at, note || report.reason));
    notifyChange(ctx, thread, await ctx.store.discussion.itemSettings(thread.course), report.postId, 'hide');
  }
  await ctx.store.discussion.resolveReports(report.postId, action === 'hide' ? 'actioned' : 'dismissed', actor.user, at, logRow(actor, thread, report.postId, 'dismiss-report', at, note));
  return moderationQueue(ctx, actor, report.course);
}

/** The instructors' queue: reports (open first) with the post as staff see it, and the moderation log. */
export async function moderationQueue(ctx: IServiceContext, actor: IActor, courseId: string): Promise<ModerationQueue> {
  requireStaff(actor, 'see the moderation queue');
  courseOf(ctx, courseId);
  const [reports, log] = await Promise.all([ctx.store.discussion.reports(courseId, 200), ctx.store.discussion.moderationLog(courseId, 200)]);
  const items: ModerationQueue['reports'] = [];
  for (const r of reports) {
    const [post, thread] = await Promise.all([ctx.store.discussion.post(r.postId), ctx.store.discussion.thread(r.threadId)]);
    if (!post || !thread) continue;
    const staff = await ctx.store.discussion.staffAmong([post.author]);
    items.push({
      id: r.id,
      state: r.state,
      post: presentPost(actor, post, new Set(), staff),
      thread: { id: thread.id, title: thread.title, lessonId: thread.lesson, assessmentId: thread.assessment, itemId: thread.item },
      reporter: r.reporter,
      reason: r.reason,
      reportedAt: iso(r.at),
      resolvedBy: r.resolvedBy,
      resolvedAt: r.resolvedAt === null ? null : iso(r.resolvedAt)
    });
  }
  return { courseId, reports: items, actions: log.map((m) => ({ at: iso(m.at), actor: m.actor, action: m.action, threadId: m.threadId, postId: m.postId, note: m.note })) };
}

/** Instructors make an item's threads staff-only until its deadline, or open them to all. */
export async function setItemDiscussion(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string, itemId: string, settings: ItemDiscussionSettings): Promise<ItemDiscussionSettings> {
  requireStaff(actor, 'change who reads an item’s threads');
  const assessment = courseOf(ctx, courseId).assessments.get(assessmentId);
  if (!assessment) throw notFound(`Assessment "${assessmentId}" in course "${courseId}"`);
  checkPlace(ctx, courseId, { lessonId: assessment.lesson, assessmentId, itemId });
  const at = ctx.now();
  const row = { course: courseId, assessment: assessmentId, item: itemId, staffOnlyUntilDeadline: settings.staffOnlyUntilDeadline, updatedBy: actor.user, updatedAt: at };
  // The log names the item where it names a thread elsewhere: the switch applies to all its threads.
  const item = `${assessmentId}/${itemId}`;
  const changed = await ctx.store.discussion.setItemSetting(row, { course: courseId, at, actor: actor.user, action: settings.staffOnlyUntilDeadline ? 'staff-only' : 'open-to-all', threadId: item, postId: null, note: '' });
  // The same setting again (a second click, a retried PUT) changes no one's list: no log entry,
  // and no event making every panel on the lesson read its list again.
  if (!changed) return settings;
  // Every panel on the lesson reads its list again: opened threads appear for learners, and
  // threads made staff-only leave other learners' lists without waiting for another change.
  ctx.events.publishTopic(discussionTopic(courseId, assessment.lesson), { type: 'discussion.changed', courseId, lessonId: assessment.lesson, threadId: item, postId: null, change: 'access' });
  return settings;
}
