import type { LiveEvent } from '@voxel-academy/protocol';
import { discussionTopic, type IActor, type IServiceContext } from '../services/context.js';
import type { IItemDiscussionSettingRow, IThreadRow } from '../store/aggregates/discussion.js';
import { canRead, staffOnlyNow } from './access.js';
import { ANONYMOUS_LABEL } from './present.js';

/** More mentions than this in one post are ignored: a post is not a mailing list. */
const MAX_MENTIONS = 10;
const MENTION = /(^|[^\w@])@([A-Za-z0-9][A-Za-z0-9._-]{0,63})/g;

/**
 * The users a post mentions with @name: people of the course (learners who have been active in
 * it, and staff), not the author; mentions inside code (fenced or inline) do not count, so a
 * decorator or an e-mail address in a traceback notifies nobody.
 */
export async function findMentions(ctx: IServiceContext, courseId: string, body: string, author: string): Promise<string[]> {
  const prose = body.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const names = [...new Set([...prose.matchAll(MENTION)].map((m) => (m[2] ?? '').replace(/[._-]+$/, '')))].filter((n) => n !== '' && n !== author);
  if (names.length === 0) return [];
  const wanted = names.slice(0, MAX_MENTIONS * 2);
  const [members, staff] = await Promise.all([ctx.store.discussion.membersAmong(courseId, wanted), ctx.store.discussion.staffAmong(wanted)]);
  return wanted.filter((n) => members.has(n) || staff.has(n)).slice(0, MAX_MENTIONS);
}

type Change = Extract<LiveEvent, { type: 'discussion.changed' }>['change'];

/**
 * To every socket watching the thread's lesson: ids only, each panel reads again what it may.
 * A staff-only thread's changes reach only the staff watching and the asker: even ids would
 * tell other learners that someone asked about the item, and when.
 */
export function notifyChange(ctx: IServiceContext, thread: IThreadRow, settings: readonly IItemDiscussionSettingRow[], postId: string | null, change: Change): void {
  const event = { type: 'discussion.changed', courseId: thread.course, lessonId: thread.lesson, threadId: thread.id, postId, change } as const;
  const topic = discussionTopic(thread.course, thread.lesson);
  if (!staffOnlyNow(ctx, thread, settings)) return ctx.events.publishTopic(topic, event);
  ctx.events.publishTopic(topic, event, 'staff');
  ctx.events.publish(thread.author, event);
}

export interface IRecipient {
  user: string;
  kind: 'reply' | 'mention' | 'endorsed';
}

/**
 * Tells each recipient (once, first reason wins) what happened, if they may read the thread: a
 * mention in a staff-only thread does not reach a learner who cannot open it.
 */
export async function notifyUsers(ctx: IServiceContext, actor: IActor, thread: IThreadRow, postId: string, recipients: readonly IRecipient[], anonymous: boolean): Promise<void> {
  const seen = new Set<string>([actor.user]);
  const once = recipients.filter((r) => !seen.has(r.user) && seen.add(r.user));
  if (once.length === 0) return;
  const [settings, staff] = await Promise.all([ctx.store.discussion.itemSettings(thread.course), ctx.store.discussion.staffAmong(once.map((r) => r.user))]);
  for (const r of once) {
    const reader: IActor = { user: r.user, roles: staff.has(r.user) ? ['instructor'] : ['learner'] };
    if (!canRead(ctx, reader, thread, settings)) continue;
    const event: LiveEvent = {
      type: 'discussion.notify',
      at: 0,
      courseId: thread.course,
      lessonId: thread.lesson,
      threadId: thread.id,
      postId,
      kind: r.kind,
      from: anonymous && !staff.has(r.user) ? ANONYMOUS_LABEL : actor.user,
      title: thread.title
    };
    ctx.events.publish(r.user, event);
  }
}
