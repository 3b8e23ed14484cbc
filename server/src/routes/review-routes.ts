import express from 'express';
import { ProjectBundle, ReviewClaimRequest, ReviewGradeRequest } from '@voxel-academy/protocol';
import type { RouteHandlers } from '../http/route-table.js';
import { actorOf, param, validate } from '../http/validate.js';
import type { IServiceContext } from '../services/context.js';
import { createProjectUpload } from '../services/project-submissions.js';
import { claimReview, gradeReview, nextReview, reviewDetail, reviewQueue } from '../services/reviews.js';

type ReviewHandlers = Pick<RouteHandlers, 'projectUploads' | 'reviews' | 'reviewNext' | 'review' | 'reviewClaim' | 'reviewGrade'>;

/** `?anonymous=1`: a grader who wants names hidden while grading (a project can also require it). */
const anonymous = (query: Record<string, unknown>): boolean => query['anonymous'] === '1' || query['anonymous'] === 'true';

/** Practical projects: the learner's upload, and the grading queue instructors share. */
export function reviewRoutes(ctx: IServiceContext): ReviewHandlers {
  return {
    projectUploads: [
      express.json({ limit: ctx.config.maxProjectBytes }),
      async (req, res) => {
        res.status(201).json(await createProjectUpload(ctx, actorOf(res.locals), validate(ProjectBundle, req.body)));
      }
    ],

    reviews: async (req, res) => {
      res.json(await reviewQueue(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'assessment'), anonymous(req.query)));
    },

    reviewNext: async (req, res) => {
      res.json(await nextReview(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'assessment'), anonymous(req.query)));
    },

    review: async (req, res) => {
      res.json(await reviewDetail(ctx, actorOf(res.locals), param(req.params, 'id'), anonymous(req.query)));
    },

    reviewClaim: [
      express.json({ limit: '4kb' }),
      async (req, res) => {
        const { force } = validate(ReviewClaimRequest, req.body ?? {});
        res.json(await claimReview(ctx, actorOf(res.locals), param(req.params, 'id'), force));
      }
    ],

    reviewGrade: [
      express.json({ limit: '256kb' }),
      async (req, res) => {
        res.json(await gradeReview(ctx, actorOf(res.locals), param(req.params, 'id'), validate(ReviewGradeRequest, req.body), anonymous(req.query)));
      }
    ]
  };
}
