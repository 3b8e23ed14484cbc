import type { RequestHandler } from 'express';
import { CSRF_HEADER } from '@voxel-academy/protocol';
import { AppError } from './problems.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when an Origin header is absent (non-browser client) or names the request's own host. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (origin === 'null' || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Every page on the hub origin can make the browser send our cookie, so state-changing
 * requests need (1) an Origin that is this host — sandboxed pages (e.g. files served from a
 * learner's server) send "null" — and (2) our custom header, which no cross-origin page can
 * add without a CORS preflight we never answer.
 */
export function csrfGuard(exemptPaths: ReadonlySet<string>): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method) || exemptPaths.has(req.path)) return next();
    // Behind the hub's proxy the browser-visible host may arrive as X-Forwarded-Host.
    const host = (req.headers['x-forwarded-host'] as string | undefined) ?? req.headers.host;
    if (!sameOrigin(req.headers.origin, host)) {
      return next(new AppError('csrf_rejected', 'Cross-origin request refused', 'State-changing requests must come from this site.'));
    }
    if (req.headers[CSRF_HEADER] !== '1') {
      return next(new AppError('csrf_rejected', 'Missing request header', `Send the header "${CSRF_HEADER}: 1" with state-changing requests.`));
    }
    next();
  };
}
