import type { DiscussionAuthor, DiscussionPost, DiscussionThreadSummary } from '@voxel-academy/protocol';
import type { IActor } from '../services/context.js';
import type { IPostRow, IThreadRow } from '../store/aggregates/discussion.js';
import { isStaff, staffOnlyNow } from './access.js';
import type { IServiceContext } from '../services/context.js';
import type { IItemDiscussionSettingRow } from '../store/aggregates/discussion.js';

export const ANONYMOUS_LABEL = 'Anonymous learner';
const iso = (ms: number): string => new Date(ms).toISOString();

/** Staff who post are never anonymous to anyone: the course speaks through them. */
export function authorAs(reader: IActor, author: string, anonymous: boolean, staffAuthors: ReadonlySet<string>): DiscussionAuthor {
  const you = reader.user === author;
  const hidden = anonymous && !isStaff(reader) && !you;
  return { label: hidden ? ANONYMOUS_LABEL : author, user: hidden ? null : author, anonymous, staff: staffAuthors.has(author), you };
}

/** A post as `reader` may see it: a hidden body only for staff, a deleted one for nobody. */
export function presentPost(reader: IActor, post: IPostRow, voted: ReadonlySet<string>, staffAuthors: ReadonlySet<string>): DiscussionPost {
  const staff = isStaff(reader);
  const showBody = post.deletedAt === null && (!post.hidden || staff);
  return {
    id: post.id,
    threadId: post.threadId,
    isQuestion: post.isQuestion,
    body: showBody ? post.body : '',
    author: authorAs(reader, post.author, post.anonymous, staffAuthors),
    createdAt: iso(post.createdAt),
    editedAt: post.editedAt === null ? null : iso(post.editedAt),
    deleted: post.deletedAt !== null,
    hidden: post.hidden,
    hiddenReason: staff && post.hidden ? post.hiddenReason : null,
    votes: post.votes,
    voted: voted.has(post.id),
    endorsed: post.endorsed && !post.hidden && post.deletedAt === null,
    mentions: showBody ? post.mentions : []
  };
}

export function presentThread(
  ctx: IServiceContext,
  reader: IActor,
  thread: IThreadRow,
  settings: readonly IItemDiscussionSettingRow[],
  unread: number,
  staffAuthors: ReadonlySet<string>
): DiscussionThreadSummary {
  return {
    id: thread.id,
    courseId: thread.course,
    lessonId: thread.lesson,
    assessmentId: thread.assessment,
    itemId: thread.item,
    title: thread.title,
    author: authorAs(reader, thread.author, thread.anonymous, staffAuthors),
    createdAt: iso(thread.createdAt),
    lastActivityAt: iso(thread.lastActivityAt),
    replies: thread.replies,
    votes: thread.votes,
    resolved: thread.resolved,
    locked: thread.locked,
    endorsed: thread.endorsed,
    staffOnly: staffOnlyNow(ctx, thread, settings),
    unread
  };
}
