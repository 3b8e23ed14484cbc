import {
  ApiPath,
  AssessmentAnalytics,
  AttentionList,
  CertificateStatus,
  CourseOverview,
  Heatmap,
  Leaderboard,
  LearnerView,
  RegradeReport,
  ReviewDetail,
  ReviewNext,
  ReviewQueue,
  ReviewSummary,
  type OverrideRequest,
  type ReviewGradeRequest
} from '@voxel-academy/protocol';
import { z } from 'zod';
import type { IAcademyClient } from '../tokens';

/** Fills `:name` parameters of an API path, each encoded. */
export function pathOf(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
}

/** A JSON body request of `method`. */
export const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const anonymous = (on: boolean): string => (on ? '?anonymous=1' : '');

/** Every instructor call, typed by the protocol's schemas (the client validates each answer). */
export class InstructorApi {
  constructor(readonly client: IAcademyClient) {}

  leaderboard(course: string): Promise<Leaderboard> {
    return this.client.request(pathOf(ApiPath.leaderboard, { course }), Leaderboard);
  }

  /** Switches the course's leaderboard off for everyone, or on again (audited). */
  setLeaderboard(course: string, enabled: boolean): Promise<Leaderboard> {
    return this.client.request(pathOf(ApiPath.leaderboardSettings, { course }), Leaderboard, json('PUT', { enabled }));
  }

  overview(course: string): Promise<CourseOverview> {
    return this.client.request(pathOf(ApiPath.overview, { course }), CourseOverview);
  }

  heatmap(course: string): Promise<Heatmap> {
    return this.client.request(pathOf(ApiPath.heatmap, { course }), Heatmap);
  }

  attention(course: string): Promise<AttentionList> {
    return this.client.request(pathOf(ApiPath.attention, { course }), AttentionList);
  }

  learner(course: string, user: string): Promise<LearnerView> {
    return this.client.request(pathOf(ApiPath.learner, { course, user }), LearnerView);
  }

  analytics(course: string, assessment: string): Promise<AssessmentAnalytics> {
    return this.client.request(pathOf(ApiPath.analytics, { course, assessment }), AssessmentAnalytics);
  }

  regrade(course: string, assessment: string, dryRun: boolean): Promise<RegradeReport> {
    return this.client.request(pathOf(ApiPath.regrade, { course, assessment }), RegradeReport, json('POST', { dryRun }));
  }

  async override(course: string, assessment: string, user: string, request: OverrideRequest): Promise<void> {
    // 204: nothing to validate but the status (the client raises problems as errors).
    await this.client.request(pathOf(ApiPath.override, { course, assessment, user }), z.unknown(), json('PUT', request));
  }

  revoke(id: string, reason: string): Promise<CertificateStatus> {
    return this.client.request(pathOf(ApiPath.revoke, { id }), CertificateStatus, json('POST', { reason }));
  }

  gradebookUrl(course: string): string {
    return `${this.client.serviceUrl ?? ''}${pathOf(ApiPath.gradebook, { course })}`;
  }

  queue(course: string, assessment: string, hideNames: boolean): Promise<ReviewQueue> {
    return this.client.request(pathOf(ApiPath.reviews, { course, assessment }) + anonymous(hideNames), ReviewQueue);
  }

  next(course: string, assessment: string, hideNames: boolean): Promise<ReviewNext> {
    return this.client.request(pathOf(ApiPath.reviewNext, { course, assessment }) + anonymous(hideNames), ReviewNext, json('POST', {}));
  }

  review(id: string, hideNames: boolean): Promise<ReviewDetail> {
    return this.client.request(pathOf(ApiPath.review, { id }) + anonymous(hideNames), ReviewDetail);
  }

  claim(id: string, force: boolean): Promise<ReviewSummary> {
    return this.client.request(pathOf(ApiPath.reviewClaim, { id }), ReviewSummary, json('POST', { force }));
  }

  grade(id: string, grade: ReviewGradeRequest, hideNames: boolean): Promise<ReviewDetail> {
    return this.client.request(pathOf(ApiPath.reviewGrade, { id }) + anonymous(hideNames), ReviewDetail, json('PUT', grade));
  }
}
