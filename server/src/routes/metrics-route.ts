import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { CONTENT_TYPE } from '../metrics/registry.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';

/** GET api/metrics: this replica's metrics in Prometheus text format (access checked by the route table). */
export function metricsRoute(metrics: ServerMetrics): RequestHandler {
  return (_req, res, next) => {
    metrics.render().then((text) => {
      res.setHeader('Content-Type', CONTENT_TYPE);
      res.send(text);
    }, next);
  };
}

/**
 * True when the request carries `Authorization: Bearer <token>` with the configured scraper
 * token (compared in constant time over digests, so neither its content nor its length leaks
 * through timing). No token configured: nobody is a scraper, only hub admins read metrics.
 */
export function scraperCheck(token: string | null): (req: Request) => boolean {
  if (token === null) return () => false;
  const expected = createHash('sha256').update(token).digest();
  return (req) => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    return timingSafeEqual(createHash('sha256').update(header.slice(7)).digest(), expected);
  };
}
