import { IDEMPOTENCY_HEADER, SubmissionRequest } from '@voxel-academy/protocol';
import { jsonBody } from '../http/bodies.js';
import { AppError } from '../http/problems.js';
import { receiveToFile } from '../http/receive-file.js';
import type { RouteHandlers } from '../http/route-table.js';
import { actorOf, param, validate } from '../http/validate.js';
import type { IServiceContext } from '../services/context.js';
import { getPublicAssessment, getSubmission, listOwnSubmissions, submitAssessment } from '../services/submissions.js';
import { createUpload } from '../services/uploads.js';

type AssessmentHandlers = Pick<RouteHandlers, 'assessment' | 'submit' | 'submissions' | 'submission' | 'uploads'>;

/** Assessments, submissions and image uploads. Routes validate, call one service, map errors. */
export function assessmentRoutes(ctx: IServiceContext): AssessmentHandlers {
  return {
    assessment: async (req, res) => {
      res.json(await getPublicAssessment(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'assessment')));
    },

    submit: [
      ...jsonBody('256kb'),
      async (req, res) => {
        const key = req.get(IDEMPOTENCY_HEADER) ?? null;
        if (key !== null && !/^[\w-]{8,100}$/.test(key)) {
          throw new AppError('bad_request', 'Invalid Idempotency-Key', 'Use 8–100 letters, digits, "-" or "_" (a UUID works).');
        }
        const { result, duplicate } = await submitAssessment(ctx, actorOf(res.locals), {
          courseId: param(req.params, 'course'),
          assessmentId: param(req.params, 'assessment'),
          request: validate(SubmissionRequest, req.body),
          idempotencyKey: key
        });
        res.status(duplicate ? 200 : 201).json(result);
      }
    ],

    submissions: async (req, res) => {
      const filter: { course?: string; assessment?: string } = {};
      if (typeof req.query['course'] === 'string') filter.course = req.query['course'];
      if (typeof req.query['assessment'] === 'string') filter.assessment = req.query['assessment'];
      res.json(await listOwnSubmissions(ctx, actorOf(res.locals), filter));
    },

    submission: async (req, res) => {
      res.json(await getSubmission(ctx, actorOf(res.locals), param(req.params, 'id')));
    },

    // Streamed to disk, never buffered: the cap and the learner's quota apply while it arrives.
    uploads: async (req, res) => {
      res.status(201).json(await createUpload(ctx, actorOf(res.locals), (path, maxBytes) => receiveToFile(req, path, maxBytes)));
    }
  };
}
