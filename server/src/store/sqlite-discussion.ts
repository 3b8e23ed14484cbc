import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { enrollments, users } from '../db/schema.js';
import type { SqliteDb } from '../db/connection.js';
import {
  discussionItemSettings,
  discussionModeration,
  discussionPosts,
  discussionReads,
  discussionReports,
  discussionThreads,
  discussionVotes
} from '../db/schema-discussion.js';
import type * as D from './aggregates/discussion.js';
import { overQuota, QUOTA_KINDS } from './posting-quota.js';
import { threadColumns, toThread } from './sqlite-thread-columns.js';
import { writeAudit, type Tx } from './sqlite-reports.js';

/** A moderation action in the caller's transaction: the course's log and the audit log together. */
function recordModeration(tx: Tx, m: D.IModerationRow): void {
  tx.insert(discussionModeration).values(m).run();
  writeAudit(tx, m.at, m.actor, `discussion.${m.action}`, m.postId ?? m.threadId, { course: m.course, thread: m.threadId, note: m.note });
}

/** The discussion aggregate on the SQLite file (synchronous better-sqlite3 calls behind the async interface). */
export class SqliteDiscussion implements D.IDiscussionStore {
  private prepared: ReturnType<SqliteDiscussion['prepare']> | null = null;

  constructor(private readonly db: SqliteDb) {}

  /** The reads every post makes, prepared once (on first use, after migrations): building and preparing a query cost more than running it. */
  private get q(): ReturnType<SqliteDiscussion['prepare']> {
    return (this.prepared ??= this.prepare());
  }

  private prepare() {
    const p = (name: string) => sql.placeholder(name);
    return {
      thread: this.db.select(threadColumns).from(discussionThreads).where(eq(discussionThreads.id, p('id'))).prepare(),
      post: this.db.select().from(discussionPosts).where(eq(discussionPosts.id, p('id'))).prepare(),
      itemSettings: this.db.select().from(discussionItemSettings).where(eq(discussionItemSettings.course, p('course'))).prepare(),
      postsSince: this.db
        .select({ threads: sql<number>`sum(${discussionPosts.isQuestion})`, posts: sql<number>`count(*)` })
        .from(discussionPosts)
        .innerJoin(discussionThreads, eq(discussionThreads.id, discussionPosts.threadId))
        .where(and(eq(discussionThreads.course, p('course')), eq(discussionPosts.author, p('user')), gt(discussionPosts.createdAt, p('since'))))
        .prepare(),
      reportsSince: this.db
        .select({ n: sql<number>`count(*)` })
        .from(discussionReports)
        .where(and(eq(discussionReports.course, p('course')), eq(discussionReports.reporter, p('user')), gt(discussionReports.at, p('since'))))
        .prepare(),
      userRoles: this.db.select({ roles: users.roles }).from(users).where(eq(users.name, p('name'))).prepare(),
      enrolled: this.db.select({ user: enrollments.user }).from(enrollments).where(and(eq(enrollments.course, p('course')), eq(enrollments.user, p('user')))).prepare(),
      votedBy: this.db
        .select({ postId: discussionVotes.postId })
        .from(discussionVotes)
        .innerJoin(discussionPosts, eq(discussionPosts.id, discussionVotes.postId))
        .where(and(eq(discussionPosts.threadId, p('threadId')), eq(discussionVotes.user, p('user'))))
        .prepare()
    };
  }

  async createThread(thread: D.INewThreadRow, question: D.INewPostRow, quota?: D.IPostingQuota): Promise<D.QuotaKind | null> {
    // One connection, and the count and the writes run without yielding: no other post interleaves.
    return this.db.transaction((tx) => {
      const over = this.over(quota, thread.course, thread.author, QUOTA_KINDS.thread);
      if (over) return over;
      tx.insert(discussionThreads).values({ ...thread, lastActivityAt: thread.createdAt }).run();
      tx.insert(discussionPosts).values({ ...question, isQuestion: true }).run();
      return null;
    });
  }

  async addPost(post: D.INewPostRow, quota?: D.IPostingQuota): Promise<D.QuotaKind | null> {
    return this.db.transaction((tx) => {
      // A post names its thread, the thread its course (a missing thread fails the insert below).
      const over = this.over(quota, quota && this.q.thread.get({ id: post.threadId })?.course, post.author, QUOTA_KINDS.post);
      if (over) return over;
      tx.insert(discussionPosts).values({ ...post, isQuestion: false }).run();
      tx.update(discussionThreads).set({ lastActivityAt: post.createdAt }).where(eq(discussionThreads.id, post.threadId)).run();
      return null;
    });
  }

  async thread(id: string): Promise<D.IThreadRow | null> {
    const row = this.q.thread.get({ id });
    return row ? toThread(row) : null;
  }

  async threads(course: string, filter: D.IThreadFilter): Promise<D.IThreadRow[]> {
    const where = [eq(discussionThreads.course, course)];
    if (filter.lesson) where.push(eq(discussionThreads.lesson, filter.lesson));
    if (filter.assessment) where.push(eq(discussionThreads.assessment, filter.assessment));
    if (filter.item) where.push(eq(discussionThreads.item, filter.item));
    return this.db
      .select(threadColumns)
      .from(discussionThreads)
      .where(and(...where))
      .orderBy(desc(discussionThreads.lastActivityAt))
      .all()
      .map(toThread);
  }

  async post(id: string): Promise<D.IPostRow | null> {
    return this.q.post.get({ id }) ?? null;
  }

  async posts(threadId: string): Promise<D.IPostRow[]> {
    return this.db.select().from(discussionPosts).where(eq(discussionPosts.threadId, threadId)).orderBy(asc(discussionPosts.createdAt), asc(discussionPosts.id)).all();
  }

  async editPost(id: string, body: string, mentions: string[], at: number): Promise<void> {
    this.db.update(discussionPosts).set({ body, mentions, editedAt: at }).where(eq(discussionPosts.id, id)).run();
  }

  async deletePost(id: string, at: number): Promise<void> {
    this.db.update(discussionPosts).set({ body: '', mentions: [], deletedAt: at }).where(eq(discussionPosts.id, id)).run();
  }

  async setVote(postId: string, user: string, up: boolean): Promise<void> {
    this.db.transaction((tx) => {
      const changed = up
        ? tx.insert(discussionVotes).values({ postId, user }).onConflictDoNothing().run().changes
        : tx.delete(discussionVotes).where(and(eq(discussionVotes.postId, postId), eq(discussionVotes.user, user))).run().changes;
      // The tally moves only when the vote row did: voting twice counts once.
      if (changed > 0) tx.update(discussionPosts).set({ votes: sql`${discussionPosts.votes} + ${up ? 1 : -1}` }).where(eq(discussionPosts.id, postId)).run();
    });
  }

  async votedBy(threadId: string, user: string): Promise<Set<string>> {
    return new Set(this.q.votedBy.all({ threadId, user }).map((r) => r.postId));
  }

  async setThreadState(id: string, change: { resolved?: boolean; locked?: boolean }, at: number, moderation: D.IModerationRow | null): Promise<void> {
    this.db.transaction((tx) => {
      tx.update(discussionThreads).set(change).where(eq(discussionThreads.id, id)).run();
      if (moderation) recordModeration(tx, { ...moderation, at });
    });
  }

  async setEndorsed(postId: string, isEndorsed: boolean, moderation: D.IModerationRow): Promise<void> {
    this.db.transaction((tx) => {
      tx.update(discussionPosts).set({ endorsed: isEndorsed }).where(eq(discussionPosts.id, postId)).run();
      recordModeration(tx, moderation);
    });
  }

  async setHidden(postId: string, hidden: boolean, reason: string, moderation: D.IModerationRow): Promise<void> {
    this.db.transaction((tx) => {
      tx.update(discussionPosts).set({ hidden, hiddenReason: hidden ? reason : '' }).where(eq(discussionPosts.id, postId)).run();
      recordModeration(tx, moderation);
    });
  }

  async markRead(threadId: string, user: string, at: number): Promise<void> {
    this.db
      .insert(discussionReads)
      .values({ threadId, user, readAt: at })
      .onConflictDoUpdate({ target: [discussionReads.threadId, discussionReads.user], set: { readAt: sql`max(${discussionReads.readAt}, ${at})` } })
      .run();
  }

  async unread(course: string, user: string): Promise<Map<string, number>> {
    // One grouped query: posts by others, newer than the user's mark (no mark: all of them).
    const rows = this.db
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
      .groupBy(discussionPosts.threadId)
      .all();
    return new Map(rows.map((r) => [r.threadId, Number(r.n)]));
  }

  async report(row: D.INewReportRow, quota?: D.IPostingQuota): Promise<'reported' | 'already' | 'limited'> {
    return this.db.transaction((tx) => {
      if (this.over(quota, row.course, row.reporter, QUOTA_KINDS.report)) return 'limited';
      const result = tx
        .insert(discussionReports)
        .values({ ...row, state: 'open' })
        .onConflictDoNothing({ target: [discussionReports.postId, discussionReports.reporter] })
        .run();
      return result.changes > 0 ? 'reported' : 'already';
    });
  }

  async reportById(id: string): Promise<D.IReportRow | null> {
    return this.db.select().from(discussionReports).where(eq(discussionReports.id, id)).get() ?? null;
  }

  async reports(course: string, limit: number): Promise<D.IReportRow[]> {
    return this.db
      .select()
      .from(discussionReports)
      .where(eq(discussionReports.course, course))
      .orderBy(sql`case ${discussionReports.state} when 'open' then 0 else 1 end`, desc(discussionReports.at))
      .limit(limit)
      .all();
  }

  async resolveReports(postId: string, state: 'dismissed' | 'actioned', by: string, at: number, moderation: D.IModerationRow): Promise<void> {
    this.db.transaction((tx) => {
      tx.update(discussionReports)
        .set({ state, resolvedBy: by, resolvedAt: at })
        .where(and(eq(discussionReports.postId, postId), eq(discussionReports.state, 'open')))
        .run();
      recordModeration(tx, moderation);
    });
  }

  async itemSettings(course: string): Promise<D.IItemDiscussionSettingRow[]> {
    return this.q.itemSettings.all({ course });
  }

  async setItemSetting(row: D.IItemDiscussionSettingRow, moderation: D.IModerationRow): Promise<boolean> {
    const t = discussionItemSettings;
    return this.db.transaction((tx) => {
      // One statement decides and writes, so two identical PUTs cannot both count as a change.
      // No row means open to all: opening an item nobody closed writes nothing.
      const changed = row.staffOnlyUntilDeadline
        ? tx.insert(t).values(row).onConflictDoUpdate({ target: [t.course, t.assessment, t.item], set: row, setWhere: eq(t.staffOnlyUntilDeadline, false) }).returning({ item: t.item }).all()
        : tx.update(t).set(row).where(and(eq(t.course, row.course), eq(t.assessment, row.assessment), eq(t.item, row.item), eq(t.staffOnlyUntilDeadline, true))).returning({ item: t.item }).all();
      if (changed.length === 0) return false;
      recordModeration(tx, moderation);
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
      .limit(limit)
      .all();
  }

  async postsSince(course: string, user: string, since: number): Promise<D.IPostingCounts> {
    return this.countsSince(course, user, since);
  }

  /** The limit a write of `kinds` would pass, counted on this connection inside the caller's transaction. */
  private over(quota: D.IPostingQuota | undefined, course: string | undefined, user: string, kinds: readonly D.QuotaKind[]): D.QuotaKind | null {
    return quota && course !== undefined ? overQuota(this.countsSince(course, user, quota.since), quota, kinds) : null;
  }

  private countsSince(course: string, user: string, since: number): D.IPostingCounts {
    const row = this.q.postsSince.get({ course, user, since });
    const reports = this.q.reportsSince.get({ course, user, since });
    return { threads: Number(row?.threads ?? 0), posts: Number(row?.posts ?? 0), reports: Number(reports?.n ?? 0) };
  }

  // One prepared lookup per name (a post names one to a few people): cheaper than preparing an IN list each time.
  async staffAmong(names: readonly string[]): Promise<Set<string>> {
    const staff = names.filter((name) => {
      const roles = this.q.userRoles.get({ name })?.roles ?? [];
      return roles.includes('instructor') || roles.includes('admin');
    });
    return new Set(staff);
  }

  async membersAmong(course: string, names: readonly string[]): Promise<Set<string>> {
    return new Set(names.filter((user) => this.q.enrolled.get({ course, user }) !== undefined));
  }
}
