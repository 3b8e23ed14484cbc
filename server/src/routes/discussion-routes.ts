import { EditPostRequest, EndorseRequest, HidePostRequest, ItemDiscussionSettings, NewPostRequest, NewThreadRequest, ReportPostRequest, ResolveReportRequest, Slug, ThreadStateRequest, VoteRequest } from '@voxel-academy/protocol';
import { z } from 'zod';
import { jsonBody } from '../http/bodies.js';
import type { RouteHandlers } from '../http/route-table.js';
import { actorOf, param, validate } from '../http/validate.js';
import type { IServiceContext } from '../services/context.js';
import { createThread, deletePost, discussionCounts, editPost, getThread, listThreads, replyTo, setThreadState } from '../services/discussion.js';
import { endorsePost, hidePost, moderationQueue, reportPost, resolveReport, setItemDiscussion, votePost } from '../services/discussion-moderation.js';

type DiscussionRoute =
  | 'discussions'
  | 'discussionCreate'
  | 'discussionCounts'
  | 'discussionThread'
  | 'discussionThreadState'
  | 'discussionPosts'
  | 'discussionPost'
  | 'discussionPostDelete'
  | 'discussionVote'
  | 'discussionEndorsement'
  | 'discussionHidden'
  | 'discussionReports'
  | 'discussionReportResolution'
  | 'moderation'
  | 'itemDiscussion';

const ThreadQuery = z.object({ lesson: Slug.optional(), assessment: Slug.optional(), item: Slug.optional() });
/** Bodies are Markdown of at most 20,000 characters (see PostBody); 64 KB leaves room for JSON escaping. */
const body = (): ReturnType<typeof jsonBody> => jsonBody('64kb');

/** Discussion per lesson and item: threads, posts, votes, moderation (services/discussion*.ts check who may). */
export function discussionRoutes(ctx: IServiceContext): Pick<RouteHandlers, DiscussionRoute> {
  const course = (req: { params: Record<string, string | string[] | undefined> }): string => param(req.params, 'course');
  const post = (req: { params: Record<string, string | string[] | undefined> }): string => param(req.params, 'post');
  return {
    discussions: async (req, res) => {
      const q = validate(ThreadQuery, { lesson: req.query.lesson, assessment: req.query.assessment, item: req.query.item }, 'query');
      res.json(await listThreads(ctx, actorOf(res.locals), course(req), q));
    },
    discussionCreate: [
      ...body(),
      async (req, res) => {
        res.status(201).json(await createThread(ctx, actorOf(res.locals), course(req), validate(NewThreadRequest, req.body)));
      }
    ],
    discussionCounts: async (req, res) => {
      res.json(await discussionCounts(ctx, actorOf(res.locals), course(req)));
    },
    discussionThread: async (req, res) => {
      res.json(await getThread(ctx, actorOf(res.locals), param(req.params, 'thread')));
    },
    discussionThreadState: [
      ...jsonBody('4kb'),
      async (req, res) => {
        res.json(await setThreadState(ctx, actorOf(res.locals), param(req.params, 'thread'), validate(ThreadStateRequest, req.body)));
      }
    ],
    discussionPosts: [
      ...body(),
      async (req, res) => {
        res.status(201).json(await replyTo(ctx, actorOf(res.locals), param(req.params, 'thread'), validate(NewPostRequest, req.body)));
      }
    ],
    discussionPost: [
      ...body(),
      async (req, res) => {
        res.json(await editPost(ctx, actorOf(res.locals), post(req), validate(EditPostRequest, req.body).body));
      }
    ],
    discussionPostDelete: async (req, res) => {
      res.json(await deletePost(ctx, actorOf(res.locals), post(req)));
    },
    discussionVote: [
      ...jsonBody('4kb'),
      async (req, res) => {
        res.json(await votePost(ctx, actorOf(res.locals), post(req), validate(VoteRequest, req.body).up));
      }
    ],
    discussionEndorsement: [
      ...jsonBody('4kb'),
      async (req, res) => {
        res.json(await endorsePost(ctx, actorOf(res.locals), post(req), validate(EndorseRequest, req.body).endorsed));
      }
    ],
    discussionHidden: [
      ...jsonBody('4kb'),
      async (req, res) => {
        const { hidden, reason } = validate(HidePostRequest, req.body);
        res.json(await hidePost(ctx, actorOf(res.locals), post(req), hidden, reason));
      }
    ],
    discussionReports: [
      ...jsonBody('8kb'),
      async (req, res) => {
        res.status(201).json(await reportPost(ctx, actorOf(res.locals), post(req), validate(ReportPostRequest, req.body).reason));
      }
    ],
    discussionReportResolution: [
      ...jsonBody('4kb'),
      async (req, res) => {
        const { action, note } = validate(ResolveReportRequest, req.body);
        res.json(await resolveReport(ctx, actorOf(res.locals), param(req.params, 'report'), action, note));
      }
    ],
    moderation: async (req, res) => {
      res.json(await moderationQueue(ctx, actorOf(res.locals), course(req)));
    },
    itemDiscussion: [
      ...jsonBody('4kb'),
      async (req, res) => {
        const settings = validate(ItemDiscussionSettings, req.body);
        res.json(await setItemDiscussion(ctx, actorOf(res.locals), course(req), param(req.params, 'assessment'), param(req.params, 'item'), settings));
      }
    ]
  };
}
