import { z } from 'zod';
import * as P from '@voxel-academy/protocol';

export interface IOperation {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  /** Who may call it; "public" needs no session. */
  access: 'public' | 'learner' | 'instructor' | 'admin';
  request?: z.ZodType;
  requestType?: 'json' | 'binary';
  response?: z.ZodType;
  responseType?: 'json' | 'csv' | 'binary';
  status?: number;
}

/** Every API operation, in one table: the OpenAPI document and the API page are built from it. */
export const OPERATIONS: IOperation[] = [
  { method: 'get', path: P.ApiPath.health, summary: 'Service health (hub reachability, courses loaded)', access: 'public', response: P.Health },
  { method: 'get', path: P.ApiPath.me, summary: 'The logged-in user and their roles', access: 'learner', response: P.Me },
  { method: 'get', path: P.ApiPath.catalog, summary: 'All courses: tracks by tier, modules, lessons', access: 'learner', response: P.Catalog },
  { method: 'get', path: P.ApiPath.assessment, summary: 'Public view of an assessment (no keys)', access: 'learner', response: P.PublicAssessment },
  {
    method: 'post',
    path: P.ApiPath.submit,
    summary: 'Submit answers; stored, graded and returned at once (Idempotency-Key header makes retries safe)',
    access: 'learner',
    request: P.SubmissionRequest,
    response: P.SubmissionResult,
    status: 201
  },
  { method: 'get', path: P.ApiPath.submissions, summary: 'Your submissions with feedback (?course=&assessment=)', access: 'learner', response: z.array(P.SubmissionResult) },
  { method: 'get', path: P.ApiPath.submission, summary: 'One submission (yours; instructors: anyone’s)', access: 'learner', response: P.SubmissionResult },
  {
    method: 'post',
    path: P.ApiPath.uploads,
    summary: 'Upload an image answer (.nii / .nii.gz body); size and decompression are capped',
    access: 'learner',
    requestType: 'binary',
    response: P.UploadResult,
    status: 201
  },
  { method: 'get', path: P.ApiPath.lessonNotebook, summary: 'The notebook a lesson starts from, with its version', access: 'learner', response: P.LessonNotebook },
  { method: 'post', path: P.ApiPath.lessonOpened, summary: 'Record that you opened a lesson', access: 'learner', response: P.CourseProgress },
  {
    method: 'get',
    path: P.ApiPath.dataset,
    summary: 'A teaching dataset (file bytes, e.g. NIfTI); ?lesson=<id> gives your own variant when that lesson’s assessment varies it (x-voxel-variant header, ETag)',
    access: 'learner',
    responseType: 'binary'
  },
  { method: 'get', path: P.ApiPath.lessonVariant, summary: 'Your variant of a lesson’s assessment: tag and public parameters (what course.variant() returns)', access: 'learner', response: P.LessonVariant },
  { method: 'get', path: P.ApiPath.variants, summary: 'Every learner’s variant of an assessment, with all its parameters', access: 'instructor', response: P.AssessmentVariants },
  { method: 'get', path: P.ApiPath.progress, summary: 'Your progress: lessons, tracks, next lesson', access: 'learner', response: P.CourseProgress },
  { method: 'get', path: P.ApiPath.roster, summary: 'Roster progress', access: 'instructor', response: P.Roster },
  { method: 'get', path: P.ApiPath.stats, summary: 'Per-assessment statistics', access: 'instructor', response: P.AssessmentStats },
  { method: 'get', path: P.ApiPath.gradebook, summary: 'Gradebook (CSV, best score per assessment)', access: 'instructor', responseType: 'csv' },
  { method: 'put', path: P.ApiPath.override, summary: 'Grant extra attempts or a personal deadline', access: 'instructor', request: P.OverrideRequest, status: 204 },
  { method: 'get', path: P.ApiPath.certificates, summary: 'Your certificates (earned ones are issued on the way)', access: 'learner', response: z.array(P.CertificateSummary) },
  { method: 'get', path: P.ApiPath.certificatePdf, summary: 'A certificate as PDF (QR code to its verification page, signed credential attached)', access: 'public', responseType: 'binary' },
  { method: 'get', path: P.ApiPath.certificateCredential, summary: 'A certificate as Open Badges 3.0 credential: { credential (Data Integrity proof), jwt (VC-JWT) }', access: 'public' },
  { method: 'get', path: P.ApiPath.certificateStatus, summary: 'Revocation status of a certificate', access: 'public', response: P.CertificateStatus },
  { method: 'post', path: P.ApiPath.revoke, summary: 'Revoke a certificate, with a reason', access: 'instructor', request: P.RevokeRequest, response: P.CertificateStatus },
  { method: 'get', path: P.ApiPath.verifyById, summary: 'Verify a certificate by id', access: 'public', response: P.VerificationResult },
  {
    method: 'post',
    path: P.ApiPath.verifyUpload,
    summary: 'Verify an uploaded certificate: PDF, credential JSON or VC-JWT (no login, nothing stored)',
    access: 'public',
    requestType: 'binary',
    response: P.VerificationResult
  },
  { method: 'post', path: P.ApiPath.rotateKeys, summary: 'Add new issuer signing keys (old ones keep verifying)', access: 'admin' },
  { method: 'get', path: P.ApiPath.openapi, summary: 'This API as an OpenAPI 3.1 document', access: 'public' },
  { method: 'get', path: P.ApiPath.docs, summary: 'This API as a readable page', access: 'public' }
];
