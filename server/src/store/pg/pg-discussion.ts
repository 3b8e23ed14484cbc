import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { enrollments, users } from '../../db/schema-pg.js';
import type { PgDb } from '../../db/pg-connection.js';
import {
  discussionItemSettings,
  discussionModeration,
  discussionPosts,
  discussionReads,
  discussionReports,
  discussionThreads,
  discussionVotes
} from '../../db/schema-discussion-pg.js';
import type * as D from '../aggregates/discussion.js';
import { overQuota, QUOTA_KINDS } from '../posting-quota.js';
import { inTransaction, lockLearner, writeAudit, type PgExec, type PgTx } from './pg-tx.js';

/** A moderation action in the caller's transaction: the course's log and the audit log together. */
async function recordModeration(tx: PgExec, m: D.IModerationRow): Promise<void> {
  await tx.insert(discussionModeration).values(m);
  await writeAudit(tx, m.at, m.actor, `discussion.${m.action}`, m.postId ?? m.threadId, { course: m.course, thread: m.threadId, note: m.note });
}

/** Tallies computed in SQL, once per thread, for the lists (no query per thread). */
const replies = sql<number>`(select count(*) from discussion_posts p where p.thread_id = discussion_threads.id and p.is_question = false and p.deleted_at is null and p.hidden = false)`;
const questionVotes = sql<number>`(select coalesce(max(p.votes), 0) from discussion_posts p where p.thread_id = discussion_threads.id and p.is_question = true)`;
const endorsed = sql<number>`exists(select 1 from discussion_posts p where p.thread_id = discussion_threads.id and p.endorsed = true and p.hidden = false and p.deleted_at is null)`;

const threadColumns = {
  id: discussionThreads.id,
  course: discussionThreads.course,
  lesson: discussionThreads.lesson,
  assessment: discussionThreads.assessment,
  item: discussionThreads.item,
  title: discussionThreads.title,
  author: discussionThreads.author,
  anonymous: discussionThreads.anonymous,
  createdAt: discussionThreads.createdAt,
  lastActivityAt: discussionThreads.lastActivityAt,
  resolved: discussionThreads.resolved,
  locked: discussionThreads.locked,
  replies,
  votes: questionVotes,
  endorsed
};

type ThreadSelect = Omit<D.IThreadRow, 'endorsed'> & { endorsed: number | boolean };
const toThread = (row: ThreadSelect): D.IThreadRow => ({ ...row, replies: Number(row.replies), votes: Number(row.votes), endorsed: Boolean(row.endorsed) });

/** The discussion aggregate on PostgreSQL (the twin of sqlite-discussion.ts; counts come back as strings, hence Number). */
export class PgDiscussion implements D.IDiscussionStore {
  constructor(private readonly db: PgDb) {}

  async createThread(thread: D.INewThreadRow, question: D.INewPostRow, quota?: D.IPostingQuota): Promise<D.QuotaKind | null> {
    return inTransaction(this.db, async (tx) => {
      if (quota) {
        const over = overQuota(await countedUnderLock(tx, thread.course, thread.author, quota.since), quota, QUOTA_KINDS.thread);
        if (over) return over;
      }
      await tx.insert(discussionThreads).values({ ...thread, lastActivityAt: thread.createdAt });
      await tx.insert(discussionPosts).values({ ...question, isQuestion: true });
      return null;
    });
  }

  async addPost(post: D.INewPostRow, quota?: D.IPostingQuota): Promise<D.QuotaKind | null> {
    return inTransaction(this.db, async (tx) => {
      if (quota) {
        // A post names its thread, the thread its course (a missing thread fails the insert below).
        const [thread] = await tx.select({ course: discussionThreads.course }).from(discussionThreads).where(eq(discussionThreads.id, post.threadId));
        const over = thread ? overQuota(await countedUnderLock(tx, thread.course, post.author, quota.since), quota, QUOTA_KINDS.post) : null;
        if (over) return over;
      }
      await tx.insert(discussionPosts).values({ ...post, isQuestion: false });
      await tx.update(discussionThreads).set({ lastActivityAt: post.createdAt }).where(eq(discussionThreads.id, post.threadId));
      return null;
    });
  }

  async thread(id: string): Promise<D.IThreadRow | null> {
    const [row] = await this.db.select(threadColumns).from(discussionThreads).where(eq(discussionThreads.id, id));
    return row ? toThread(row) : null;
  }

  async threads(course: string, filter: D.IThreadFilter): Promise<D.IThreadRow[]> {
    const where = [eq(discussionThreads.course, course)];
    if (filter.lesson) where.push(eq(discussionThreads.lesson, filter.lesson));
    if (filter.assessment) where.push(eq(discussionThreads.assessment, filter.assessment));
    if (filter.item) where.push(eq(discussionThreads.item, filter.item));
    const rows = await this.db.select(threadColumns).from(discussionThreads).where(and(...where)).orderBy(desc(discussionThreads.lastActivityAt));
    return rows.map(toThread);
  }

  async post(id: string): Promise<D.IPostRow | null> {
    const [row] = await this.db.select().from(discussionPosts).where(eq(discussionPosts.id, id));
    return row ?? null;
  }

  async posts(threadId: string): Promise<D.IPostRow[]> {
    return this.db.select().from(discussionPosts).where(eq(discussionPosts.threadId, threadId)).orderBy(asc(discussionPosts.createdAt), asc(discussionPosts.id));
  }

  async editPost(id: string, body: string, mentions: string[], at: number): Promise<void> {
    await this.db.update(discussionPosts).set({ body, mentions, editedAt: at }).where(eq(discussionPosts.id, id));
  }

  async deletePost(id: string, at: number): Promise<void> {
    await this.db.update(discussionPosts).set({ body: '', mentions: [], deletedAt: at }).where(eq(discussionPosts.id, id));
  }

  async setVote(postId: string, user: string, up: boolean): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const changed = up
        ? (await tx.insert(discussionVotes).values({ postId, user }).onConflictDoNothing().returning({ postId: discussionVotes.postId })).length
        : (await tx.delete(discussionVotes).where(and(eq(discussionVotes.postId, postId), eq(discussionVotes.user, user))).returning({ postId: discussionVotes.postId })).length;
      // The tally moves only when the vote row did: voting twice counts once.
      if (changed > 0) await tx.update(discussionPosts).set({ votes: sql`${discussionPosts.votes} + ${up ? 1 : -1}` }).where(eq(discussionPosts.id, postId));
    });
  }

  async votedBy(threadId: string, user: string): Promise<Set<string>> {
    const rows = await this.db
      .select({ postId: discussionVotes.postId })
      .from(discussionVotes)
      .innerJoin(discussionPosts, eq(discussionPosts.id, discussionVotes.postId))
      .where(and(eq(discussionPosts.threadId, threadId), eq(discussionVotes.user, user)));
    return new Set(rows.map((r) => r.postId));
  }

  async setThreadState(id: string, change: { resolved?: boolean; locked?: boolean }, at: number, moderation: D.IModerationRow | null): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await tx.update(discussionThreads).set(change).where(eq(discussionThreads.id, id));
      if (moderation) await recordModeration(tx, { ...moderation, at });
    });
  }

  async setEndorsed(postId: string, isEndorsed: boolean, moderation: D.IModerationRow): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await tx.update(discussionPosts).set({ endorsed: isEndorsed }).where(eq(discussionPosts.id, postId));
      await recordModeration(tx, moderation);
    });
  }

  async setHidden(postId: string, hidden: boolean, reason: string, moderation: D.IModerationRow): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await tx.update(discussionPosts).set({ hidden, hiddenReason: hidden ? reason : '' }).where(eq(discussionPosts.id, postId));
      await recordModeration(tx, moderation);
    });
  }

  async markRead(threadId: string, user: string, at: number): Promise<void> {
    await this.db
      .insert(discussionReads)
      .values({ threadId, user, readAt: at })
      .onConflictDoUpdate({ target: [discussionReads.threadId, discussionReads.user], set: { readAt: sql`greatest(${discussionReads.readAt}, ${at})` } })
;
  }

  async unread(course: string, user: string): Promise<Map<string, number>> {
    // One grouped query: posts by others, newer than the user's mark (no mark: all of them).
    const rows = await this.db
      .select({ threadId: discussionPosts.threadId, n: sql<number>`count(*)` })
      .from(discussionPosts)
      .innerJoin(discussionThreads, eq(discussionThreads.id, discussionPosts.threadId))
      .leftJoin(discussionReads, and(eq(discussionReads.threadId, discussionPosts.threadId), eq(discussionReads.user, user)))
      .where(
        and(
          eq(discussionThreads.course, course),
          sql`${discussionPosts.author} <> ${user}`,
          isNull(discussionPosts.deletedAt),
          sql`${discussionPosts.createdAt} > coalesce(${discussionReads.readAt}, -1)`
        )
      )
      .groupBy(discussionPosts.threadId);
    return new Map(rows.map((r) => [r.threadId, Number(r.n)]));
  }

  async report(row: D.INewReportRow, quota?: D.IPostingQuota): Promise<'reported' | 'already' | 'limited'> {
    return inTransaction(this.db, async (tx) => {
      if (quota && overQuota(await countedUnderLock(tx, row.course, row.reporter, quota.since), quota, QUOTA_KINDS.report)) return 'limited';
      const inserted = await tx
        .insert(discussionReports)
        .values({ ...row, state: 'open' })
        .onConflictDoNothing({ target: [discussionReports.postId, discussionReports.reporter] })
        .returning({ id: discussionReports.id });
      return inserted.length > 0 ? 'reported' : 'already';
    });
  }

  async reportById(id: string): Promise<D.IReportRow | null> {
    const [row] = await this.db.select().from(discussionReports).where(eq(discussionReports.id, id));
    return row ?? null;
  }

  async reports(course: string, limit: number): Promise<D.IReportRow[]> {
    return this.db
      .select()
      .from(discussionReports)
      .where(eq(discussionReports.course, course))
      .orderBy(sql`case ${discussionReports.state} when 'open' then 0 else 1 end`, desc(discussionReports.at))
      .limit(limit);
  }

  async resolveReports(postId: string, state: 'dismissed' | 'actioned', by: string, at: number, moderation: D.IModerationRow): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await tx.update(discussionReports)
        .set({ state, resolvedBy: by, resolvedAt: at })
        .where(and(eq(discussionReports.postId, postId), eq(discussionReports.state, 'open')))
        ;
      await recordModeration(tx, moderation);
    });
  }

  async itemSettings(course: string): Promise<D.IItemDiscussionSettingRow[]> {
    return this.db.select().from(discussionItemSettings).where(eq(discussionItemSettings.course, course));
  }

  async setItemSetting(row: D.IItemDiscussionSettingRow, moderation: D.IModerationRow): Promise<boolean> {
    const t = discussionItemSettings;
    return inTransaction(this.db, async (tx) => {
      // One statement decides and writes (the row's lock orders two identical PUTs: the second
      // finds the setting already there). No row means open to all.
      const changed = row.staffOnlyUntilDeadline
        ? await tx.insert(t).values(row).onConflictDoUpdate({ target: [t.course, t.assessment, t.item], set: row, setWhere: eq(t.staffOnlyUntilDeadline, false) }).returning({ item: t.item })
        : await tx.update(t).set(row).where(and(eq(t.course, row.course), eq(t.assessment, row.assessment), eq(t.item, row.item), eq(t.staffOnlyUntilDeadline, true))).returning({ item: t.item });
      if (changed.length === 0) return false;
      await recordModeration(tx, moderation);
      return true;
    });
  }

  async moderationLog(course: string, limit: number): Promise<D.IModerationRow[]> {
    return this.db
      .select({
        course: discussionModeration.course,
        at: discussionModeration.at,
        actor: discussionModeration.actor,
        action: sql<D.ModerationActionName>`${discussionModeration.action}`,
        threadId: discussionModeration.threadId,
        postId: discussionModeration.postId,
        note: discussionModeration.note
      })
      .from(discussionModeration)
      .where(eq(discussionModeration.course, course))
      .orderBy(desc(discussionModeration.at), desc(discussionModeration.id))
      .limit(limit);
  }

  async postsSince(course: string, user: string, since: number): Promise<D.IPostingCounts> {
    return countsSince(this.db, course, user, since);
  }

  async staffAmong(names: readonly string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await this.db.select({ name: users.name, roles: users.roles }).from(users).where(inArray(users.name, [...names]));
    return new Set(rows.filter((r) => r.roles.includes('instructor') || r.roles.includes('admin')).map((r) => r.name));
  }

  async membersAmong(course: string, names: readonly string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await this.db.select({ user: enrollments.user }).from(enrollments).where(and(eq(enrollments.course, course), inArray(enrollments.user, [...names])));
    return new Set(rows.map((r) => r.user));
  }
}

/** Threads, posts and reports `user` made in the course since `since`. */
async function countsSince(db: PgExec, course: string, user: string, since: number): Promise<D.IPostingCounts> {
  const [row] = await db
    .select({ threads: sql<number>`count(*) filter (where ${discussionPosts.isQuestion})`, posts: sql<number>`count(*)` })
    .from(discussionPosts)
    .innerJoin(discussionThreads, eq(discussionThreads.id, discussionPosts.threadId))
    .where(and(eq(discussionThreads.course, course), eq(discussionPosts.author, user), gt(discussionPosts.createdAt, since)));
  const [reports] = await db
    .select({ n: sql<number>`count(*)` })
    .from(discussionReports)
    .where(and(eq(discussionReports.course, course), eq(discussionReports.reporter, user), gt(discussionReports.at, since)));
  return { threads: Number(row?.threads ?? 0), posts: Number(row?.posts ?? 0), reports: Number(reports?.n ?? 0) };
}

/**
 * The counts, with the user's writes held until the transaction ends (the learner lock, across
 * every connection and replica): the next post of theirs counts this one.
 */
async function countedUnderLock(tx: PgTx, course: string, user: string, since: number): Promise<D.IPostingCounts> {
  await lockLearner(tx, user);
  return countsSince(tx, course, user, since);
}
