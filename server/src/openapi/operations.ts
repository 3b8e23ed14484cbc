import { z } from 'zod';
import * as P from '@voxel-academy/protocol';
import { DISCUSSION_OPERATIONS } from './discussion-operations.js';
import type { IOperationSpec, OperationId } from './operation-spec.js';

export type { IOperationSpec, OperationId } from './operation-spec.js';

export interface IOperation extends IOperationSpec {
  id: OperationId;
  /** Under the service prefix, e.g. `api/courses/:course/progress`. */
  path: string;
}

/**
 * Every API operation, in one table keyed by id: the server mounts its routes from it (with the
 * session check its access asks for), and the OpenAPI document and the API page are built from
 * it. A route cannot exist outside it (server/test/route-table.test.ts).
 */
const TABLE: { [K in OperationId]: IOperationSpec } = {
  ...DISCUSSION_OPERATIONS,
  health: { method: 'get', summary: 'Service health (hub reachability, courses loaded)', access: 'public', response: P.Health },
  me: { method: 'get', summary: 'The logged-in user and their roles', access: 'learner', response: P.Me },
  catalog: { method: 'get', summary: 'All courses: tracks by tier, modules, lessons', access: 'learner', response: P.Catalog },
  assessment: { method: 'get', summary: 'Public view of an assessment (no keys)', access: 'learner', response: P.PublicAssessment },
  submit: {
    method: 'post',
    summary: 'Submit answers; stored, graded and returned at once (Idempotency-Key header makes retries safe)',
    access: 'learner',
    request: P.SubmissionRequest,
    response: P.SubmissionResult,
    status: 201
  },
  submissions: { method: 'get', summary: 'Your submissions with feedback (?course=&assessment=)', access: 'learner', response: z.array(P.SubmissionResult) },
  submission: { method: 'get', summary: 'One submission (yours; instructors: anyone’s)', access: 'learner', response: P.SubmissionResult },
  uploads: {
    method: 'post',
    summary: 'Upload an image answer (.nii / .nii.gz body); size and decompression are capped',
    access: 'learner',
    requestType: 'binary',
    response: P.UploadResult,
    status: 201
  },
  lessonNotebook: { method: 'get', summary: 'The notebook a lesson starts from, with its version', access: 'learner', response: P.LessonNotebook },
  lessonOpened: { method: 'post', summary: 'Record that you opened a lesson', access: 'learner', response: P.CourseProgress },
  dataset: {
    method: 'get',
    summary: 'A teaching dataset of the course (file bytes, e.g. NIfTI); ?lesson=<id> gives your own variant when that lesson’s assessment varies it (x-voxel-variant header, ETag)',
    access: 'learner',
    responseType: 'binary'
  },
  lessonVariant: {
    method: 'get',
    summary: 'Your variant of a lesson’s assessment: tag and public parameters (what course.variant() returns)',
    access: 'learner',
    response: P.LessonVariant
  },
  variants: { method: 'get', summary: 'Every learner’s variant of an assessment, with all its parameters', access: 'instructor', response: P.AssessmentVariants },
  progress: { method: 'get', summary: 'Your progress: lessons, tracks, next lesson', access: 'learner', response: P.CourseProgress },
  journey: {
    method: 'get',
    summary: 'Your points, level, streak and milestones in a course (?tz=<IANA time zone> decides which day your activity falls on; default UTC)',
    access: 'learner',
    response: P.LearningJourney
  },
  leaderboard: {
    method: 'get',
    summary: 'The course leaderboard: pseudonyms, points and levels of those who joined (entries shown once you join; staff always)',
    access: 'learner',
    response: P.Leaderboard
  },
  leaderboardEntry: {
    method: 'put',
    summary: 'Join the course leaderboard under a pseudonym (or rename), or leave it with { pseudonym: null }',
    access: 'learner',
    request: P.LeaderboardJoinRequest,
    response: P.Leaderboard
  },
  leaderboardSettings: {
    method: 'put',
    summary: 'Switch the course leaderboard off (or on again, if the course offers one); audited',
    access: 'instructor',
    request: P.LeaderboardSettings,
    response: P.Leaderboard
  },
  roster: { method: 'get', summary: 'Roster progress', access: 'instructor', response: P.Roster },
  stats: { method: 'get', summary: 'Per-assessment statistics', access: 'instructor', response: P.AssessmentStats },
  gradebook: { method: 'get', summary: 'Gradebook (CSV, best score per assessment)', access: 'instructor', responseType: 'csv' },
  override: {
    method: 'put',
    summary: 'Grant extra attempts, a personal deadline or excused items (the learner’s scores are recomputed and their open tabs told)',
    access: 'instructor',
    request: P.OverrideRequest,
    status: 204
  },
  overview: { method: 'get', summary: 'Course overview: enrolled, active this week, completion per track, certificates, projects waiting', access: 'instructor', response: P.CourseOverview },
  heatmap: { method: 'get', summary: 'Progress heatmap: every learner × lesson (state, best score, attempts)', access: 'instructor', response: P.Heatmap },
  attention: { method: 'get', summary: 'Learners who need help: attempts exhausted, stuck for days, many failed attempts', access: 'instructor', response: P.AttentionList },
  learner: { method: 'get', summary: 'One learner: progress, every submission with answers, feedback and variant, certificates, overrides', access: 'instructor', response: P.LearnerView },
  analytics: {
    method: 'get',
    summary: 'Assessment analytics: score histogram, pass rate, attempts, and per item difficulty, discrimination, common wrong answers, warnings',
    access: 'instructor',
    response: P.AssessmentAnalytics
  },
  regrade: {
    method: 'post',
    summary: 'Regrade every graded submission of an assessment against the current keys: { dryRun: true } reports what would change, false applies (audited, learners told live)',
    access: 'instructor',
    request: P.RegradeRequest,
    response: P.RegradeReport
  },
  projectUploads: {
    method: 'post',
    summary: 'Upload a project: a snapshot of its notebook (outputs included) and the files it names; answer with { type: "project", uploadId, report }',
    access: 'learner',
    request: P.ProjectBundle,
    response: P.ProjectUploadResult,
    status: 201
  },
  reviews: { method: 'get', summary: 'The grading queue of a project: every submission, its status and grader (names hidden when grading is anonymous)', access: 'instructor', response: P.ReviewQueue },
  reviewNext: {
    method: 'post',
    summary: 'Claim the next project nobody is grading (or the one you hold) and open it',
    access: 'instructor',
    response: P.ReviewNext
  },
  review: { method: 'get', summary: 'A submitted project: notebook, files, report, rubric, saved grade', access: 'instructor', response: P.ReviewDetail },
  reviewClaim: {
    method: 'post',
    summary: 'Claim a project for grading (409 while a colleague holds it; { force: true } takes it over)',
    access: 'instructor',
    request: P.ReviewClaimRequest,
    response: P.ReviewSummary
  },
  reviewGrade: {
    method: 'put',
    summary: 'Save a rubric grade: release false keeps a draft, true grades the submission (the learner sees it live)',
    access: 'instructor',
    request: P.ReviewGradeRequest,
    response: P.ReviewDetail
  },
  certificates: { method: 'get', summary: 'Your certificates (earned ones are issued on the way)', access: 'learner', response: z.array(P.CertificateSummary) },
  badges: { method: 'get', summary: 'Your module badges (Open Badges 3.0, one per completed module, with their artwork; earned ones are issued on the way)', access: 'learner', response: z.array(P.BadgeSummary) },
  certificatePdf: { method: 'get', summary: 'A certificate as PDF (QR code to its verification page, signed credential attached)', access: 'public', responseType: 'binary' },
  certificateCredential: { method: 'get', summary: 'A certificate as Open Badges 3.0 credential: { credential (Data Integrity proof), jwt (VC-JWT) }', access: 'public' },
  certificateStatus: { method: 'get', summary: 'Revocation status of a certificate', access: 'public', response: P.CertificateStatus },
  revoke: { method: 'post', summary: 'Revoke a certificate, with a reason', access: 'instructor', request: P.RevokeRequest, response: P.CertificateStatus },
  verifyById: { method: 'get', summary: 'Verify a certificate by id', access: 'public', response: P.VerificationResult },
  verifyUpload: {
    method: 'post',
    summary: 'Verify an uploaded certificate: PDF, credential JSON or VC-JWT (no login, nothing stored)',
    access: 'public',
    requestType: 'binary',
    response: P.VerificationResult
  },
  rotateKeys: { method: 'post', summary: 'Add new issuer signing keys (old ones keep verifying)', access: 'admin' },
  metrics: {
    method: 'get',
    summary:
      'Prometheus metrics of this replica (text format 0.0.4): request rates and latencies by route template, grading queue depth, worker and database pool saturation, live connections. Hub admins, or a scraper with Authorization: Bearer <ACADEMY_METRICS_TOKEN>; labels never name a learner.',
    access: 'admin',
    scraperToken: true,
    responseType: 'prometheus'
  },
  openapi: { method: 'get', summary: 'This API as an OpenAPI 3.1 document', access: 'public' },
  docs: { method: 'get', summary: 'This API as a readable page', access: 'public' }
};

export const OPERATIONS: IOperation[] = (Object.keys(TABLE) as OperationId[]).map((id) => ({ id, path: P.ApiPath[id], ...TABLE[id] }));

/** Browser pages (HTML, redirects, scripts): public, served from the same table-driven mount, not in the OpenAPI document. */
export type PageId = keyof typeof PAGE_TABLE;

const PAGE_TABLE = {
  landing: { path: '', summary: 'The service landing page: courses and links' },
  login: { path: P.AuthPath.login, summary: 'Starts the hub OAuth flow (redirects to the hub)' },
  callback: { path: P.AuthPath.callback, summary: 'Finishes the hub OAuth flow and sets the session cookie' },
  logout: { path: P.AuthPath.logout, summary: 'Ends the course-server session' },
  issuer: { path: P.PublicPath.issuer, summary: 'The issuer profile with its public keys (JSON-LD)' },
  jwks: { path: P.PublicPath.jwks, summary: 'The issuer RSA keys (JWKS)' },
  verifyPage: { path: P.PublicPath.verifyPage, summary: 'The public certificate verification page' },
  verifyPageFor: { path: P.PublicPath.verifyPageFor, summary: 'The verification page of one certificate' },
  verifyScript: { path: P.PublicPath.verifyScript, summary: 'The verification page script' },
  statusList: { path: P.PublicPath.statusList, summary: 'The issuer’s signed W3C Bitstring Status List n: revocation anyone can check' }
} as const satisfies Record<string, { path: string; summary: string }>;

export interface IPage {
  id: PageId;
  method: 'get';
  path: string;
  summary: string;
}

export const PAGES: IPage[] = (Object.keys(PAGE_TABLE) as PageId[]).map((id) => ({ id, method: 'get', ...PAGE_TABLE[id] }));
