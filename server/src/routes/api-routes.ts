import type { Catalog, Health, Me } from '@voxel-academy/protocol';
import type { HubClient } from '../hub/hub-client.js';
import { currentSession } from '../http/auth-routes.js';
import type { RouteHandlers } from '../http/route-table.js';
import { apiPage, openApiDocument } from '../openapi/document.js';

export interface IApiDeps {
  hub: HubClient;
  catalog: Catalog;
  serviceName: string;
  version: string;
  prefix: string;
}

/** Health, the API's own description, and who is logged in. */
export function apiRoutes(deps: IApiDeps): Pick<RouteHandlers, 'health' | 'openapi' | 'docs' | 'me' | 'catalog'> {
  const openapi = openApiDocument(deps.prefix, deps.version);
  const page = apiPage(deps.prefix, deps.version);
  return {
    health: async (_req, res) => {
      const hubUp = await deps.hub.reachable();
      const body: Health = {
        status: hubUp ? 'ok' : 'degraded',
        service: deps.serviceName,
        version: deps.version,
        hub: hubUp ? 'reachable' : 'unreachable',
        courses: deps.catalog.courses.length
      };
      res.status(hubUp ? 200 : 503).json(body);
    },

    openapi: (_req, res) => {
      res.json(openapi);
    },

    docs: (_req, res) => {
      res.type('html').send(page);
    },

    me: (_req, res) => {
      const session = currentSession(res.locals);
      const body: Me = { name: session.userName, roles: session.roles };
      res.json(body);
    },

    catalog: (_req, res) => {
      res.json(deps.catalog);
    }
  };
}
