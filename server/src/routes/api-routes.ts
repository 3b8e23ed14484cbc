import { Router } from 'express';
import { ApiPath, type Catalog, type Health, type Me } from '@voxel-academy/protocol';
import type { HubAuth } from '../hub/hub-auth.js';
import type { HubClient } from '../hub/hub-client.js';
import { currentSession, requireSession } from '../http/auth-routes.js';
import { apiPage, openApiDocument } from '../openapi/document.js';

export interface IApiDeps {
  auth: HubAuth;
  hub: HubClient;
  catalog: Catalog;
  serviceName: string;
  version: string;
  prefix: string;
}

export function apiRoutes(deps: IApiDeps): Router {
  const router = Router();
  router.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get(`/${ApiPath.health}`, async (_req, res) => {
    const hubUp = await deps.hub.reachable();
    const body: Health = {
      status: hubUp ? 'ok' : 'degraded',
      service: deps.serviceName,
      version: deps.version,
      hub: hubUp ? 'reachable' : 'unreachable',
      courses: deps.catalog.courses.length
    };
    res.status(hubUp ? 200 : 503).json(body);
  });

  const openapi = openApiDocument(deps.prefix, deps.version);
  const page = apiPage(deps.prefix, deps.version);
  router.get(`/${ApiPath.openapi}`, (_req, res) => {
    res.json(openapi);
  });
  router.get(`/${ApiPath.docs}`, (_req, res) => {
    res.type('html').send(page);
  });

  router.use('/api', requireSession(deps.auth));

  router.get(`/${ApiPath.me}`, (_req, res) => {
    const session = currentSession(res.locals);
    const body: Me = { name: session.userName, roles: session.roles };
    res.json(body);
  });

  router.get(`/${ApiPath.catalog}`, (_req, res) => {
    res.json(deps.catalog);
  });

  return router;
}
