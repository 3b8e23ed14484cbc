import { randomBytes } from 'node:crypto';
import express, { type Express, type Router } from 'express';
import type { IServerConfig } from './config.js';
import type { IContent } from './content/load-content.js';
import { HubAuth } from './hub/hub-auth.js';
import { HubClient } from './hub/hub-client.js';
import { LoginStates } from './hub/login-state.js';
import { SessionStore } from './hub/sessions.js';
import { authRoutes, requireSession } from './http/auth-routes.js';
import { mountRouteTable, type RouteHandlers } from './http/route-table.js';
import { csrfGuard } from './http/csrf.js';
import { errorHandler, notFound } from './http/problems.js';
import { securityHeaders } from './http/security-headers.js';
import type { ILogger } from './log.js';
import { apiRoutes } from './routes/api-routes.js';
import { assessmentRoutes } from './routes/assessment-routes.js';
import { landingPage } from './routes/landing-page.js';
import { progressRoutes } from './routes/progress-routes.js';
import { leaderboardRoutes } from './routes/leaderboard-routes.js';
import { discussionRoutes } from './routes/discussion-routes.js';
import { instructorRoutes } from './routes/instructor-routes.js';
import { reviewRoutes } from './routes/review-routes.js';
import type { IEventSink, IImageWork, IIssuer, IServiceContext, IStatusLists } from './services/context.js';
import type { ICertificateWork } from './workers/certificate-work.js';
import { certificateRoutes, publicCertificateRoutes } from './routes/certificate-routes.js';
import { ApiPath } from '@voxel-academy/protocol';
import { uuidv7 } from './services/ids.js';
import { memoryRateLimits, type RateLimitStore } from './services/rate-limiter.js';
import { clientRateLimits } from './http/client-limits.js';
import { StatusLists } from './services/status-lists.js';
import type { IStore } from './store/types.js';
import type { VariantMaterials } from './variants/materials.js';
import type { ServerMetrics } from './metrics/server-metrics.js';
import { metricsRoute, scraperCheck } from './routes/metrics-route.js';
import type { IGradingLease } from './services/grading-queue.js';

export interface IAppDeps {
  config: IServerConfig;
  content: IContent;
  log: ILogger;
  version: string;
  store: IStore;
  images: IImageWork;
  issuer: IIssuer;
  certificateWork: ICertificateWork;
  events: IEventSink;
  /** The grading queue's leases (services/grading-queue.ts). */
  grading: IGradingLease;
  metrics: ServerMetrics;
  variantSecret: Buffer;
  materials: VariantMaterials;
  hub?: HubClient;
  /** Seals login state cookies; the server keeps it in <data>/keys (tests get a fresh one). */
  secret?: Buffer;
  /** The signed status lists' cache (one per process unless given; replicas share invalidations). */
  statusLists?: IStatusLists;
  /** Where rate-limit counters live (memory unless several processes share them). */
  rateLimits?: RateLimitStore;
  now?: () => number;
}

export interface IBuiltApp {
  app: Express;
  /** Everything served under the service prefix (tests compare it with the operations table). */
  routes: Router;
  auth: HubAuth;
  sessions: SessionStore;
  ctx: IServiceContext;
}

/** Builds the Express app without listening, so tests drive exactly what production runs. */
export function buildApp(deps: IAppDeps): IBuiltApp {
  const { config, log } = deps;
  const now = deps.now ?? Date.now;
  const limits = deps.rateLimits ?? memoryRateLimits;
  const hub = deps.hub ?? new HubClient({ apiUrl: config.hubApiUrl, clientId: config.clientId, clientSecret: config.apiToken });
  const sessions = new SessionStore(deps.store, config.sessionTtlMs, now);
  const auth = new HubAuth(config, hub, sessions, new LoginStates(deps.secret ?? randomBytes(32), now), log, now);
  const ctx: IServiceContext = {
    issuer: deps.issuer,
    certificateWork: deps.certificateWork,
    config,
    store: deps.store,
    content: deps.content,
    log,
    events: deps.events,
    grading: deps.grading,
    images: deps.images,
    statusLists: deps.statusLists ?? new StatusLists(),
    submitLimiter: limits({ name: 'submit', points: config.submitRatePerMinute, durationSeconds: 60 }),
    uploadLimiter: limits({ name: 'upload', points: config.rateLimits.uploadsPerMinute, durationSeconds: 60 }),
    variantSecret: deps.variantSecret,
    materials: deps.materials,
    now,
    newId: () => uuidv7(now())
  };
  const cookieScope = { path: config.servicePrefix, secure: config.secureCookies };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // req.ip is the client the hub's proxy reports (X-Forwarded-For), believed only from that proxy.
  app.set('trust proxy', config.trustedProxies);
  app.use(deps.metrics.middleware);
  app.use(securityHeaders);
  if (config.logLevel === 'debug') {
    // Per-request logs only when asked for: a listener per request is measurable at 3k req/s.
    app.use((req, res, next) => {
      const started = performance.now();
      res.on('finish', () =>
        log.debug('request', { method: req.method, path: req.path, status: res.statusCode, ms: +(performance.now() - started).toFixed(1) })
      );
      next();
    });
  }

  // The hub proxy does not strip the prefix: everything we serve lives under it.
  const prefix = config.servicePrefix.replace(/\/$/, '');
  const routes = express.Router();
  // Verifying a file someone uploads changes nothing and must work for anyone.
  routes.use(clientRateLimits(config, limits));
  routes.use(csrfGuard(new Set([`/${ApiPath.verifyUpload}`])));
  routes.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Every route comes from the operations table (openapi/operations.ts), with the session
  // check its access asks for; a handler missing here is a compile error.
  const handlers: RouteHandlers = {
    ...authRoutes(auth, cookieScope, config.sessionTtlMs),
    ...publicCertificateRoutes(ctx),
    ...apiRoutes({ hub, catalog: deps.content.catalog, serviceName: config.serviceName, version: deps.version, prefix: config.servicePrefix }),
    ...assessmentRoutes(ctx),
    ...progressRoutes(ctx),
    ...leaderboardRoutes(ctx),
    ...discussionRoutes(ctx),
    ...certificateRoutes(ctx),
    ...instructorRoutes(ctx),
    ...reviewRoutes(ctx),
    metrics: metricsRoute(deps.metrics),
    landing: landingPage(deps.content.catalog)
  };
  mountRouteTable(routes, handlers, { session: requireSession(auth), scraper: scraperCheck(config.metricsToken) });
  app.use(prefix, routes);
  app.use(notFound);
  app.use(errorHandler(log));
  return { app, routes, auth, sessions, ctx };
}
