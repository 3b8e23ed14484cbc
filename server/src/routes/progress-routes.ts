import { basename, dirname } from 'node:path';
import { OverrideRequest, Slug, VARIANT_HEADER } from '@voxel-academy/protocol';
import type { RouteHandlers } from '../http/route-table.js';
import { jsonBody } from '../http/bodies.js';
import { actorOf, param, validate } from '../http/validate.js';
import type { IServiceContext } from '../services/context.js';
import { assessmentStats, gradebookCsv, roster, setOverride } from '../services/instructor.js';
import { DATASET_ORIGIN_HEADER, datasetFile, datasetOrigin } from '../services/datasets.js';
import { lessonNotebook } from '../services/lessons.js';
import { getProgress, lessonOpened } from '../services/progress.js';
import { getJourney } from '../services/journey.js';
import { assessmentVariants, learnerDataset, lessonVariant } from '../services/variants.js';
import { AppError } from '../http/problems.js';

type ProgressHandlers = Pick<
  RouteHandlers,
  'lessonOpened' | 'dataset' | 'lessonVariant' | 'variants' | 'lessonNotebook' | 'progress' | 'journey' | 'roster' | 'stats' | 'gradebook' | 'override'
>;

/** Learner progress, and the instructor views over everyone's. */
export function progressRoutes(ctx: IServiceContext): ProgressHandlers {
  return {
    lessonOpened: async (req, res) => {
      res.json(await lessonOpened(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'lesson')));
    },

    dataset: async (req, res) => {
      const course = param(req.params, 'course');
      const { path, fileName } = datasetFile(ctx, course, param(req.params, 'dataset'));
      // ?lesson=<id>: the dataset as that lesson's assessment gives it to this learner.
      const lesson = req.query['lesson'];
      if (lesson !== undefined && (typeof lesson !== 'string' || !Slug.safeParse(lesson).success)) {
        throw new AppError('bad_request', 'Invalid lesson', 'lesson must be a lesson id (lower-case letters, digits and dashes).');
      }
      const own = await learnerDataset(ctx, actorOf(res.locals), course, param(req.params, 'dataset'), lesson ?? null);
      res.setHeader(DATASET_ORIGIN_HEADER, datasetOrigin(path, fileName));
      res.type('application/octet-stream').attachment(fileName);
      if (own) {
        // Personal data at a shared URL (and a new variant per attempt under that policy): the
        // browser keeps it but asks again each time; an unchanged variant costs a 304.
        res.setHeader('Cache-Control', 'private, no-cache');
        res.setHeader('ETag', own.etag);
        res.setHeader(VARIANT_HEADER, own.tag);
        res.sendFile(basename(own.path), { root: dirname(own.path), lastModified: false });
        return;
      }
      // Teaching data changes only with the course version: let browsers cache it for a day.
      res.setHeader('Cache-Control', 'private, max-age=86400');
      // Served relative to its folder: `send` would refuse an absolute path through a dot folder
      // such as the default `.cache/datasets`.
      res.sendFile(basename(path), { root: dirname(path) });
    },

    lessonVariant: async (req, res) => {
      res.json(await lessonVariant(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'lesson')));
    },

    variants: async (req, res) => {
      res.json(await assessmentVariants(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'assessment')));
    },

    lessonNotebook: async (req, res) => {
      res.json(await lessonNotebook(ctx, param(req.params, 'course'), param(req.params, 'lesson')));
    },

    progress: async (req, res) => {
      res.json(await getProgress(ctx, actorOf(res.locals), param(req.params, 'course')));
    },

    journey: async (req, res) => {
      const tz = req.query['tz'];
      if (tz !== undefined && typeof tz !== 'string') throw new AppError('bad_request', 'Invalid time zone', 'tz must be one IANA time zone such as Europe/Berlin.');
      res.json(await getJourney(ctx, actorOf(res.locals), param(req.params, 'course'), tz));
    },

    roster: async (req, res) => {
      res.json(await roster(ctx, actorOf(res.locals), param(req.params, 'course')));
    },

    stats: async (req, res) => {
      res.json(await assessmentStats(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'assessment')));
    },

    gradebook: async (req, res) => {
      const course = param(req.params, 'course');
      const csv = await gradebookCsv(ctx, actorOf(res.locals), course);
      res.type('text/csv; charset=utf-8').attachment(`${course}-gradebook.csv`).send(csv);
    },

    override: [
      ...jsonBody('16kb'),
      async (req, res) => {
        await setOverride(ctx, actorOf(res.locals), {
          courseId: param(req.params, 'course'),
          assessmentId: param(req.params, 'assessment'),
          user: param(req.params, 'user'),
          request: validate(OverrideRequest, req.body)
        });
        res.status(204).end();
      }
    ]
  };
}
