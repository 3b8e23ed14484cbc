import type { DiscussionCounts, DiscussionPlace, DiscussionPost, DiscussionThread, DiscussionThreadList } from '@voxel-academy/protocol';
import { canRead, checkPlace, isStaff, readablePost, readableThread, requireOpen, requireStaff } from '../discussion/access.js';
import { overLimit, postingQuota } from '../discussion/limits.js';
import { findMentions, notifyChange, notifyUsers } from '../discussion/notify.js';
import { presentPost, presentThread } from '../discussion/present.js';
import type { IThreadFilter, IThreadRow } from '../store/aggregates/discussion.js';
import { courseOf, type IActor, type IServiceContext } from './context.js';
import { forbidden, ServiceError } from './errors.js';

/** Staff marks for the authors of these threads/posts. */
const staffOf = (ctx: IServiceContext, authors: Iterable<string>): Promise<Set<string>> => ctx.store.discussion.staffAmong([...new Set(authors)]);

/** A course's threads the actor may read, newest activity first (optionally of a lesson or an item). */
export async function listThreads(ctx: IServiceContext, actor: IActor, courseId: string, filter: IThreadFilter): Promise<DiscussionThreadList> {
  courseOf(ctx, courseId);
  const [rows, settings, unread] = await Promise.all([
    ctx.store.discussion.threads(courseId, filter),
    ctx.store.discussion.itemSettings(courseId),
    ctx.store.discussion.unread(courseId, actor.user)
  ]);
  const visible = rows.filter((t) => canRead(ctx, actor, t, settings));
  const staff = await staffOf(ctx, visible.map((t) => t.author));
  const threads = visible.map((t) => presentThread(ctx, actor, t, settings, unread.get(t.id) ?? 0, staff));
  if (!isStaff(actor) || !filter.assessment || !filter.item) return { courseId, threads };
  const setting = settings.find((x) => x.assessment === filter.assessment && x.item === filter.item);
  return { courseId, threads, staffOnlyUntilDeadline: setting?.staffOnlyUntilDeadline ?? false };
}

/** Threads, unresolved threads and unread posts per lesson, for the sidebar. */
export async function discussionCounts(ctx: IServiceContext, actor: IActor, courseId: string): Promise<DiscussionCounts> {
  const { threads } = await listThreads(ctx, actor, courseId, {});
  const lessons: DiscussionCounts['lessons'] = {};
  for (const t of threads) {
    const c = (lessons[t.lessonId] ??= { threads: 0, unresolved: 0, unread: 0 });
    c.threads += 1;
    if (!t.resolved) c.unresolved += 1;
    c.unread += t.unread;
  }
  return { courseId, lessons };
}

/** A thread with its posts; reading it marks it read. */
export async function getThread(ctx: IServiceContext, actor: IActor, threadId: string): Promise<DiscussionThread> {
  const { thread, settings } = await readableThread(ctx, actor, threadId);
  const [posts, voted] = await Promise.all([ctx.store.discussion.posts(threadId), ctx.store.discussion.votedBy(threadId, actor.user)]);
  await ctx.store.discussion.markRead(threadId, actor.user, ctx.now());
  const staff = await staffOf(ctx, [thread.author, ...posts.map((p) => p.author)]);
  return { ...presentThread(ctx, actor, thread, settings, 0, staff), posts: posts.map((p) => presentPost(actor, p, voted, staff)) };
}

export async function createThread(
  ctx: IServiceContext,
  actor: IActor,
  courseId: string,
  input: { place: DiscussionPlace; title: string; body: string; anonymous: boolean }
): Promise<DiscussionThread> {
  checkPlace(ctx, courseId, input.place);
  const now = ctx.now();
  const id = ctx.newId();
  const mentions = await findMentions(ctx, courseId, input.body, actor.user);
  // Staff speak for the course: their posts are never anonymous.
  const anonymous = input.anonymous && !isStaff(actor);
  const row = { id, course: courseId, lesson: input.place.lessonId, assessment: input.place.assessmentId, item: input.place.itemId, title: input.title, author: actor.user, anonymous, createdAt: now };
  const questionId = ctx.newId();
  const over = await ctx.store.discussion.createThread(row, { id: questionId, threadId: id, author: actor.user, anonymous, body: input.body, mentions, createdAt: now }, postingQuota(ctx, actor));
  if (over) throw overLimit(ctx, over);
  const thread = await getThread(ctx, actor, id);
  const stored: IThreadRow = { ...row, lastActivityAt: now, resolved: false, locked: false, replies: 0, votes: 0, endorsed: false };
  notifyChange(ctx, stored, row.item === null ? [] : await ctx.store.discussion.itemSettings(courseId), null, 'thread');
  await notifyUsers(ctx, actor, stored, questionId, mentions.map((user) => ({ user, kind: 'mention' as const })), anonymous);
  return thread;
}

export async function replyTo(ctx: IServiceContext, actor: IActor, threadId: string, input: { body: string; anonymous: boolean }): Promise<DiscussionPost> {
  const { thread, settings } = await readableThread(ctx, actor, threadId);
  requireOpen(thread);
  const anonymous = input.anonymous && !isStaff(actor);
  const mentions = await findMentions(ctx, thread.course, input.body, actor.user);
  const row = { id: ctx.newId(), threadId, author: actor.user, anonymous, body: input.body, mentions, createdAt: ctx.now() };
  const over = await ctx.store.discussion.addPost(row, postingQuota(ctx, actor));
  if (over) throw overLimit(ctx, over);
  notifyChange(ctx, thread, settings, row.id, 'post');
  const recipients = [...(thread.author !== actor.user ? [{ user: thread.author, kind: 'reply' as const }] : []), ...mentions.filter((m) => m !== thread.author).map((user) => ({ user, kind: 'mention' as const }))];
  await notifyUsers(ctx, actor, thread, row.id, recipients, anonymous);
  return presentOne(ctx, actor, row.id);
}

export async function editPost(ctx: IServiceContext, actor: IActor, postId: string, body: string): Promise<DiscussionPost> {
  const { post, thread, settings } = await readablePost(ctx, actor, postId);
  if (post.author !== actor.user) throw forbidden('You can edit only your own posts.');
  if (post.deletedAt !== null) throw new ServiceError('conflict', 'Post deleted', 'A deleted post cannot be edited.');
  if (post.hidden) throw new ServiceError('conflict', 'Post hidden', 'An instructor hid this post; it cannot be edited.');
  requireOpen(thread);
  const mentions = await findMentions(ctx, thread.course, body, actor.user);
  await ctx.store.discussion.editPost(postId, body, mentions, ctx.now());
  notifyChange(ctx, thread, settings, postId, 'edit');
  // Only people newly mentioned by the edit are told, so editing never spams.
  const added = mentions.filter((m) => !post.mentions.includes(m));
  await notifyUsers(ctx, actor, thread, postId, added.map((user) => ({ user, kind: 'mention' as const })), post.anonymous);
  return presentOne(ctx, actor, postId);
}

export async function deletePost(ctx: IServiceContext, actor: IActor, postId: string): Promise<DiscussionPost> {
  const { post, thread, settings } = await readablePost(ctx, actor, postId);
  if (post.author !== actor.user) throw forbidden(isStaff(actor) ? 'Hide a post instead: deleting is for its author.' : 'You can delete only your own posts.');
  if (post.deletedAt === null) await ctx.store.discussion.deletePost(postId, ctx.now());
  notifyChange(ctx, thread, settings, postId, 'delete');
  return presentOne(ctx, actor, postId);
}

/** Resolved by the asker or staff; locked by staff only. */
export async function setThreadState(ctx: IServiceContext, actor: IActor, threadId: string, change: { resolved?: boolean; locked?: boolean }): Promise<DiscussionThread> {
  const { thread, settings } = await readableThread(ctx, actor, threadId);
  if (change.locked !== undefined) requireStaff(actor, 'lock or unlock a thread');
  if (change.resolved !== undefined && thread.author !== actor.user && !isStaff(actor)) throw forbidden('Only the asker and instructors can mark a thread resolved.');
  const at = ctx.now();
  const action = change.locked !== undefined ? (change.locked ? 'lock' : 'unlock') : change.resolved ? 'resolve' : 'reopen';
  // Locking is moderation (logged); the asker resolving their own question is not.
  const logged = isStaff(actor) ? { course: thread.course, at, actor: actor.user, action, threadId, postId: null, note: '' } as const : null;
  await ctx.store.discussion.setThreadState(threadId, change, at, logged);
  notifyChange(ctx, thread, settings, null, 'state');
  return getThread(ctx, actor, threadId);
}

export async function presentOne(ctx: IServiceContext, actor: IActor, postId: string): Promise<DiscussionPost> {
  const post = await ctx.store.discussion.post(postId);
  if (!post) throw new ServiceError('not_found', 'Post not found');
  const [voted, staff] = await Promise.all([ctx.store.discussion.votedBy(post.threadId, actor.user), staffOf(ctx, [post.author])]);
  return presentPost(actor, post, voted, staff);
}
