import { z } from 'zod';
import * as P from '@voxel-academy/protocol';
import type { IOperationSpec, OperationId } from './operation-spec.js';

type DiscussionOperationId = Extract<OperationId, `discussion${string}` | 'moderation' | 'itemDiscussion'>;

/** Discussion per lesson and item (community/education/discussions.md): threads, posts, moderation. */
export const DISCUSSION_OPERATIONS: { [K in DiscussionOperationId]: IOperationSpec } = {
  discussions: {
    method: 'get',
    summary: 'Threads of a course you may read, newest activity first (?lesson=&assessment=&item=); authors anonymous to peers stay so',
    access: 'learner',
    response: P.DiscussionThreadList
  },
  discussionCreate: {
    method: 'post',
    summary: 'Ask a question on a lesson or an assessment item (Markdown; rate-limited per hour)',
    access: 'learner',
    request: P.NewThreadRequest,
    response: P.DiscussionThread,
    status: 201
  },
  discussionCounts: { method: 'get', summary: 'Threads, unresolved threads and unread posts per lesson, for the sidebar', access: 'learner', response: P.DiscussionCounts },
  discussionThread: { method: 'get', summary: 'A thread with its posts (marks it read); staff-only item threads answer 404 to other learners', access: 'learner', response: P.DiscussionThread },
  discussionThreadState: {
    method: 'put',
    summary: 'Mark resolved (the asker or staff) or lock (staff; a locked thread takes no posts, edits or votes)',
    access: 'learner',
    request: P.ThreadStateRequest,
    response: P.DiscussionThread
  },
  discussionPosts: { method: 'post', summary: 'Reply in a thread (@name mentions notify course members live)', access: 'learner', request: P.NewPostRequest, response: P.DiscussionPost, status: 201 },
  discussionPost: { method: 'put', summary: 'Edit your own post', access: 'learner', request: P.EditPostRequest, response: P.DiscussionPost },
  discussionPostDelete: { method: 'delete', summary: 'Delete your own post (its place in the thread stays)', access: 'learner', response: P.DiscussionPost },
  discussionVote: { method: 'put', summary: 'Upvote a post (not your own), or take the vote back', access: 'learner', request: P.VoteRequest, response: P.DiscussionPost },
  discussionEndorsement: { method: 'put', summary: 'Endorse an answer (its author is told), or take it back; logged', access: 'instructor', request: P.EndorseRequest, response: P.DiscussionPost },
  discussionHidden: { method: 'put', summary: 'Hide a post from learners with a reason, or show it again; logged', access: 'instructor', request: P.HidePostRequest, response: P.DiscussionPost },
  discussionReports: {
    method: 'post',
    summary: 'Report a post to the course staff (once per post and reporter)',
    access: 'learner',
    request: P.ReportPostRequest,
    response: z.object({ reported: z.boolean() }),
    status: 201
  },
  discussionReportResolution: {
    method: 'post',
    summary: 'Close a report (and the post’s other open reports): dismiss, or hide the post; logged',
    access: 'instructor',
    request: P.ResolveReportRequest,
    response: P.ModerationQueue
  },
  moderation: { method: 'get', summary: 'The moderation queue: reports (open first) and the log of every moderation action', access: 'instructor', response: P.ModerationQueue },
  itemDiscussion: {
    method: 'put',
    summary: 'Make an item’s threads readable only by staff and their askers until the assessment deadline, or open them; logged',
    access: 'instructor',
    request: P.ItemDiscussionSettings,
    response: P.ItemDiscussionSettings
  }
};
