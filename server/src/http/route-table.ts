import type { Request, RequestHandler, Router } from 'express';
import { OPERATIONS, PAGES, type IOperation, type OperationId, type PageId } from '../openapi/operations.js';
import { currentSession } from './auth-routes.js';
import { AppError } from './problems.js';

/** A route's handler (with any body parser before it). */
export type RouteHandler = RequestHandler | RequestHandler[];

/** One handler per operation and page of the table: leaving one out is a compile error. */
export type RouteHandlers = { [K in OperationId | PageId]: RouteHandler };

export interface IRouteGuards {
  /** Sets `res.locals.session` or answers 401. */
  session: RequestHandler;
  /** For operations a scraper may call: true when the request carries the scraper's token (then no session is needed). */
  scraper?: (req: Request) => boolean;
}

/**
 * Mounts every operation and page of the table on `router`, and nothing else. The session
 * check is part of each route whose access needs one (never implied by mount order), followed
 * by a role check for instructor and admin operations; services check permissions again.
 */
export function mountRouteTable(router: Router, handlers: RouteHandlers, guards: IRouteGuards): void {
  for (const op of OPERATIONS) router[op.method](`/${op.path}`, ...accessChain(op, guards), ...[handlers[op.id]].flat());
  for (const page of PAGES) router[page.method](`/${page.path}`, ...[handlers[page.id]].flat());
}

function accessChain(op: IOperation, guards: IRouteGuards): RequestHandler[] {
  if (op.access === 'public') return [];
  if (op.access === 'learner') return [guards.session];
  const role = requireRole(op.access);
  const scraper = guards.scraper;
  if (!op.scraperToken || !scraper) return [guards.session, role];
  // A valid token stands in for the session and role checks; anything else goes through them.
  const guard: RequestHandler = (req, res, next) => {
    if (scraper(req)) return next();
    void guards.session(req, res, (err?: unknown) => (err === undefined ? role(req, res, next) : next(err)));
  };
  return [guard];
}

/** Instructor operations are open to instructors and admins; admin operations to admins only. */
function requireRole(access: 'instructor' | 'admin'): RequestHandler {
  return (_req, res, next) => {
    const { roles } = currentSession(res.locals);
    const allowed = access === 'admin' ? roles.includes('admin') : roles.includes('instructor') || roles.includes('admin');
    if (allowed) next();
    else next(new AppError('forbidden', access === 'admin' ? 'Only hub admins can do this.' : 'Only instructors (hub group "instructors") and hub admins can see this.'));
  };
}

/** A route as Express holds it: method and path under the router it was found in. */
export interface IMountedRoute {
  method: string;
  path: string;
}

/**
 * Every route mounted on `router`, sub-routers included (read from Express's router stack), so
 * a test can compare what is served with the table.
 */
export function mountedRoutes(router: Router): IMountedRoute[] {
  const found: IMountedRoute[] = [];
  const walk = (stack: unknown[]): void => {
    for (const layer of stack as Array<{ route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }>) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') found.push({ method, path: layer.route.path });
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as unknown as { stack: unknown[] }).stack);
  return found;
}
