import {
  ApiPath,
  DiscussionPost,
  DiscussionThread,
  DiscussionThreadList,
  ItemDiscussionSettings,
  ModerationQueue,
  type DiscussionPlace,
  type ResolveReportRequest,
  type ThreadStateRequest
} from '@voxel-academy/protocol';
import { z } from 'zod';
import { json, pathOf } from '../instructor/api';
import type { IAcademyClient } from '../tokens';

const Reported = z.object({ reported: z.boolean() });

/** Every discussion call (issue 16), typed by the protocol's schemas; the server checks who may do what. */
export class DiscussionApi {
  constructor(readonly client: IAcademyClient) {}

  /** Threads of a lesson, or of one item of its assessment, newest activity first. */
  threads(course: string, place: DiscussionPlace): Promise<DiscussionThreadList> {
    const query = new URLSearchParams({ lesson: place.lessonId });
    if (place.assessmentId && place.itemId) {
      query.set('assessment', place.assessmentId);
      query.set('item', place.itemId);
    }
    return this.client.request(`${pathOf(ApiPath.discussions, { course })}?${query.toString()}`, DiscussionThreadList);
  }

  /** Reads a thread; the server marks it read for this user. */
  thread(thread: string): Promise<DiscussionThread> {
    return this.client.request(pathOf(ApiPath.discussionThread, { thread }), DiscussionThread);
  }

  ask(course: string, place: DiscussionPlace, title: string, body: string, anonymous: boolean): Promise<DiscussionThread> {
    return this.client.request(pathOf(ApiPath.discussionCreate, { course }), DiscussionThread, json('POST', { place, title, body, anonymous }));
  }

  reply(thread: string, body: string, anonymous: boolean): Promise<DiscussionPost> {
    return this.client.request(pathOf(ApiPath.discussionPosts, { thread }), DiscussionPost, json('POST', { body, anonymous }));
  }

  edit(post: string, body: string): Promise<DiscussionPost> {
    return this.client.request(pathOf(ApiPath.discussionPost, { post }), DiscussionPost, json('PUT', { body }));
  }

  remove(post: string): Promise<DiscussionPost> {
    return this.client.request(pathOf(ApiPath.discussionPostDelete, { post }), DiscussionPost, { method: 'DELETE' });
  }

  vote(post: string, up: boolean): Promise<DiscussionPost> {
    return this.client.request(pathOf(ApiPath.discussionVote, { post }), DiscussionPost, json('PUT', { up }));
  }

  endorse(post: string, endorsed: boolean): Promise<DiscussionPost> {
    return this.client.request(pathOf(ApiPath.discussionEndorsement, { post }), DiscussionPost, json('PUT', { endorsed }));
  }

  hide(post: string, hidden: boolean, reason = ''): Promise<DiscussionPost> {
    return this.client.request(pathOf(ApiPath.discussionHidden, { post }), DiscussionPost, json('PUT', { hidden, reason }));
  }

  report(post: string, reason: string): Promise<z.infer<typeof Reported>> {
    return this.client.request(pathOf(ApiPath.discussionReports, { post }), Reported, json('POST', { reason }));
  }

  setState(thread: string, state: ThreadStateRequest): Promise<DiscussionThread> {
    return this.client.request(pathOf(ApiPath.discussionThreadState, { thread }), DiscussionThread, json('PUT', state));
  }

  moderation(course: string): Promise<ModerationQueue> {
    return this.client.request(pathOf(ApiPath.moderation, { course }), ModerationQueue);
  }

  resolveReport(report: string, request: ResolveReportRequest): Promise<ModerationQueue> {
    return this.client.request(pathOf(ApiPath.discussionReportResolution, { report }), ModerationQueue, json('POST', request));
  }

  /** Staff-only until the assessment's deadline (instructors). */
  setItemStaffOnly(course: string, assessment: string, item: string, staffOnlyUntilDeadline: boolean): Promise<ItemDiscussionSettings> {
    return this.client.request(pathOf(ApiPath.itemDiscussion, { course, assessment, item }), ItemDiscussionSettings, json('PUT', { staffOnlyUntilDeadline }));
  }
}
