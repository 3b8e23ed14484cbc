import type { Role } from '@voxel-academy/protocol';
import type { IIssuerKeys } from '../certificates/keys.js';
import type { IServerConfig } from '../config.js';
import type { ICertificateWork } from '../workers/certificate-work.js';
import type { IContent, ICourseContent, ILoadedAssessment } from '../content/load-content.js';
import type { ILogger } from '../log.js';
import type { IStore } from '../store/types.js';
import { forbidden, notFound } from './errors.js';
import type { IGradingLease } from './grading-queue.js';
import type { IRateLimiter } from './rate-limiter.js';
import type { VariantMaterials } from '../variants/materials.js';

/** Who is acting: the session's user and roles, as the hub reported them. */
export interface IActor {
  user: string;
  roles: Role[];
}

/** Delivers live events to a user's open sessions (WebSocket today). */
export interface IEventSink {
  publish(user: string, event: unknown): void;
  /** To every open session of an instructor or admin (the instructor workspace follows the cohort live). */
  publishStaff(event: unknown): void;
  /**
   * To the sockets watching `topic` (see discussionTopic): a lesson's discussion panel, not every
   * learner; with audience 'staff', only the instructors' and admins' among them.
   */
  publishTopic(topic: string, event: unknown, audience?: TopicAudience): void;
}

/** Who of a topic's watchers an event is for. */
export type TopicAudience = 'all' | 'staff';

/** The topic of one lesson's discussion, as sockets watch it and services publish to it. */
export const discussionTopic = (courseId: string, lessonId: string): string => `discussion/${courseId}/${lessonId}`;

/** Runs image work (decode, image graders) off the event loop. */
export interface IImageWork {
  inspect(file: string): Promise<IInspectResult>;
  gradeImages(jobs: IImageGradeJob[]): Promise<IImageGradeOutcome[]>;
}

export interface IInspectResult {
  size: number[];
  spacing: number[];
  origin: number[];
}

export interface IImageGradeJob {
  item: unknown;
  answer: unknown;
  answerFile: string | null;
  referenceFile: string;
}

export interface IImageGradeOutcome {
  score: number;
  feedback: string;
  measurements?: Record<string, number> | undefined;
}

/** The issuer's signed Bitstring Status Lists (services/status-lists.ts). */
export interface IStatusLists {
  url(ctx: IServiceContext, list: number): string;
  /** Every published list, signed. */
  all(ctx: IServiceContext): Promise<Record<string, unknown>[]>;
  one(ctx: IServiceContext, list: number): Promise<Record<string, unknown>>;
  /** After a revocation or new keys: the next reader gets freshly signed lists. */
  invalidate(): void;
}

/** The issuer's keys (rotation replaces `keys`) and where they are stored. */
export interface IIssuer {
  keys: IIssuerKeys;
  file: string;
}

/** Everything a service function may use; built once at boot, passed explicitly. */
export interface IServiceContext {
  issuer: IIssuer;
  certificateWork: ICertificateWork;
  config: IServerConfig;
  store: IStore;
  content: IContent;
  log: ILogger;
  events: IEventSink;
  /** Leases on the submissions this replica grades (the grading queue in the database). */
  grading: IGradingLease;
  images: IImageWork;
  statusLists: IStatusLists;
  /** Submissions per learner and assessment. */
  submitLimiter: IRateLimiter;
  /** Uploads per learner. */
  uploadLimiter: IRateLimiter;
  /** The secret every learner's variant is drawn from (`<data>/keys/variant-secret`). */
  variantSecret: Buffer;
  /** Variant datasets, keys and hidden references, made in worker threads and cached on disk. */
  materials: VariantMaterials;
  now: () => number;
  newId: () => string;
}

export function courseOf(ctx: IServiceContext, courseId: string): ICourseContent {
  const course = ctx.content.courses.get(courseId);
  if (!course) throw notFound(`Course "${courseId}"`);
  return course;
}

export function assessmentOf(ctx: IServiceContext, courseId: string, assessmentId: string): ILoadedAssessment {
  const assessment = courseOf(ctx, courseId).assessments.get(assessmentId);
  if (!assessment) throw notFound(`Assessment "${assessmentId}" in course "${courseId}"`);
  return assessment;
}

export function requireInstructor(actor: IActor): void {
  if (!actor.roles.includes('instructor') && !actor.roles.includes('admin')) {
    throw forbidden('Only instructors (hub group "instructors") and hub admins can see this.');
  }
}
