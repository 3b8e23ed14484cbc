import { sql } from 'drizzle-orm';
import { discussionThreads } from '../db/schema-discussion.js';
import type * as D from './aggregates/discussion.js';

/** Tallies computed in SQL, once per thread, for the lists (no query per thread). */
const replies = sql<number>`(select count(*) from discussion_posts p where p.thread_id = discussion_threads.id and p.is_question = 0 and p.deleted_at is null and p.hidden = 0)`;
const questionVotes = sql<number>`(select coalesce(max(p.votes), 0) from discussion_posts p where p.thread_id = discussion_threads.id and p.is_question = 1)`;
const endorsed = sql<number>`exists(select 1 from discussion_posts p where p.thread_id = discussion_threads.id and p.endorsed = 1 and p.hidden = 0 and p.deleted_at is null)`;

export const threadColumns = {
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
export const toThread = (row: ThreadSelect): D.IThreadRow => ({ ...row, replies: Number(row.replies), votes: Number(row.votes), endorsed: Boolean(row.endorsed) });
