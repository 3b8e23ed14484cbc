import { basename, dirname } from 'node:path';
import { Router } from 'express';
import { ApiPath, OverrideRequest } from '@voxel-academy/protocol';
import { jsonBody } from '../http/bodies.js';
import { actorOf, param, validate } from '../http/validate.js';
import type { IServiceContext } from '../services/context.js';
import { assessmentStats, gradebookCsv, roster, setOverride } from '../services/instructor.js';
import { DATASET_ORIGIN_HEADER, datasetFile, datasetOrigin } from '../services/datasets.js';
import { lessonNotebook } from '../services/lessons.js';
import { getProgress, lessonOpened } from '../services/progress.js';

/** Learner progress, and the instructor views over everyone's. */
export function progressRoutes(ctx: IServiceContext): Router {
  const router = Router();

  router.post(`/${ApiPath.lessonOpened}`, async (req, res) => {
    res.json(await lessonOpened(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'lesson')));
  });

  router.get(`/${ApiPath.dataset}`, (req, res) => {
    const { path, fileName } = datasetFile(ctx, param(req.params, 'course'), param(req.params, 'dataset'));
    // Teaching data changes only with the course version: let browsers cache it for a day.
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.setHeader(DATASET_ORIGIN_HEADER, datasetOrigin(path, fileName));
    // Served relative to its folder: `send` would refuse an absolute path through a dot folder
    // such as the default `.cache/datasets`.
    res.type('application/octet-stream').attachment(fileName).sendFile(basename(path), { root: dirname(path) });
  });

  router.get(`/${ApiPath.lessonNotebook}`, async (req, res) => {
    res.json(await lessonNotebook(ctx, param(req.params, 'course'), param(req.params, 'lesson')));
  });

  router.get(`/${ApiPath.progress}`, async (req, res) => {
    res.json(await getProgress(ctx, actorOf(res.locals), param(req.params, 'course')));
  });

  router.get(`/${ApiPath.roster}`, async (req, res) => {
    res.json(await roster(ctx, actorOf(res.locals), param(req.params, 'course')));
  });

  router.get(`/${ApiPath.stats}`, async (req, res) => {
    res.json(await assessmentStats(ctx, actorOf(res.locals), param(req.params, 'course'), param(req.params, 'assessment')));
  });

  router.get(`/${ApiPath.gradebook}`, async (req, res) => {
    const course = param(req.params, 'course');
    const csv = await gradebookCsv(ctx, actorOf(res.locals), course);
    res.type('text/csv; charset=utf-8').attachment(`${course}-gradebook.csv`).send(csv);
  });

  router.put(`/${ApiPath.override}`, ...jsonBody('16kb'), async (req, res) => {
    await setOverride(ctx, actorOf(res.locals), {
      courseId: param(req.params, 'course'),
      assessmentId: param(req.params, 'assessment'),
      user: param(req.params, 'user'),
      request: validate(OverrideRequest, req.body)
    });
    res.status(204).end();
  });

  return router;
}
