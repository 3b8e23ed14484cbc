import express, { type Express } from 'express';
import type { Catalog } from '@voxel-academy/protocol';
import type { IServerConfig } from './config.js';
import { HubAuth } from './hub/hub-auth.js';
import { HubClient } from './hub/hub-client.js';
import { SessionStore } from './hub/sessions.js';
import { authRoutes } from './http/auth-routes.js';
import { errorHandler, notFound } from './http/problems.js';
import { securityHeaders } from './http/security-headers.js';
import type { ILogger } from './log.js';
import { apiRoutes } from './routes/api-routes.js';
import { landingPage } from './routes/landing-page.js';

export interface IAppDeps {
  config: IServerConfig;
  catalog: Catalog;
  log: ILogger;
  version: string;
  hub?: HubClient;
}

/** Builds the Express app without listening, so tests drive exactly what production runs. */
export function buildApp(deps: IAppDeps): Express {
  const { config, log } = deps;
  const hub =
    deps.hub ??
    new HubClient({ apiUrl: config.hubApiUrl, clientId: config.clientId, clientSecret: config.apiToken });
  const auth = new HubAuth(config, hub, new SessionStore(config.sessionTtlMs), log);
  const cookieScope = { path: config.servicePrefix, secure: config.secureCookies };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () =>
      log.debug('request', { method: req.method, path: req.path, status: res.statusCode, ms: +(performance.now() - started).toFixed(1) })
    );
    next();
  });

  // The hub proxy does not strip the prefix: everything we serve lives under it.
  const prefix = config.servicePrefix.replace(/\/$/, '');
  const routes = express.Router();
  routes.use(authRoutes(auth, cookieScope, config.sessionTtlMs));
  routes.use(apiRoutes({ auth, hub, catalog: deps.catalog, serviceName: config.serviceName, version: deps.version }));
  routes.get('/', landingPage(deps.catalog));
  app.use(prefix, routes);
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
