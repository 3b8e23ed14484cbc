import express from 'express';
import { RegradeRequest } from '@voxel-academy/protocol';
import type { RouteHandlers } from '../http/route-table.js';
import { actorOf, param, validate } from '../http/validate.js';
import { assessmentAnalytics } from '../services/analytics.js';
import { courseOverview, heatmap, needsHelp } from '../services/cohort.js';
import type { IServiceContext } from '../services/context.js';
import { learnerView } from '../services/learner-view.js';
import { regradeAssessment } from '../services/regrade.js';

type InstructorHandlers = Pick<RouteHandlers, 'overview' | 'heatmap' | 'attention' | 'learner' | 'analytics' | 'regrade'>;

/** The instructor workspace's views and its regrade action (the table adds the role check). */
export function instructorRoutes(ctx: IServiceContext): InstructorHandlers {
  return {
    overview: async (req, res) => {
      res.json(await courseOverview(ctx, actorOf(res.locals), param(req.params, 'course')));
    },

    heatmap: async (req, res) => {
      res.json(await heatmap(ctx, actorOf(res.locals), param(req.params, 'course')));
    },

    attention: async (req, res) => {
      res.json(await needsHelp(ctx, actorOf(res.locals), param(req.params, 'course')));
    },

    learner: async (req, res) => {
      res.json(await learnerView(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'user')));
    },

    analytics: async (req, res) => {
      res.json(await assessmentAnalytics(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'assessment')));
    },

    regrade: [
      express.json({ limit: '4kb' }),
      async (req, res) => {
        const { dryRun } = validate(RegradeRequest, req.body);
        res.json(await regradeAssessment(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'assessment'), dryRun));
      }
    ]
  };
}
