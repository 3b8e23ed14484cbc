import type { RequestHandler } from 'express';
import { ApiPath, AuthPath, PublicPath } from '@voxel-academy/protocol';
import type { IServerConfig } from '../config.js';
import type { IRateLimiter, RateLimitStore } from '../services/rate-limiter.js';
import { AppError } from './problems.js';

interface IClientRule {
  limiter: IRateLimiter;
  method: 'GET' | 'POST';
  paths: readonly string[];
  /** Said in the 429's detail. */
  what: string;
}

/** `api/verify/:id` → a matcher for the path as seen inside the service prefix ("/api/verify/abc"). */
const matcher = (path: string): RegExp => new RegExp(`^/${path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+')}/?$`);

/**
 * Per-client limits on what anyone can call without logging in: login, the costly public
 * routes (verifying an upload, rendering a certificate PDF) and the cheap public reads. The
 * client is `req.ip`: the address the hub's proxy reports in X-Forwarded-For, trusted only
 * from the proxies in ACADEMY_TRUSTED_PROXIES (see app.ts). Answers 429 + Retry-After.
 */
export function clientRateLimits(config: Pick<IServerConfig, 'rateLimits'>, store: RateLimitStore): RequestHandler {
  const perMinute = (name: string, points: number) => store({ name, points, durationSeconds: 60 });
  const rules: Array<IClientRule & { patterns: RegExp[] }> = [
    { limiter: perMinute('login', config.rateLimits.loginPerMinute), method: 'GET', paths: [AuthPath.login, AuthPath.callback], what: 'login attempts' },
    { limiter: perMinute('verify-upload', config.rateLimits.costlyPerMinute), method: 'POST', paths: [ApiPath.verifyUpload], what: 'verifications of uploaded files' },
    { limiter: perMinute('certificate-pdf', config.rateLimits.costlyPerMinute), method: 'GET', paths: [ApiPath.certificatePdf], what: 'certificate PDFs' },
    {
      limiter: perMinute('public', config.rateLimits.publicPerMinute),
      method: 'GET',
      paths: [ApiPath.verifyById, ApiPath.certificateCredential, ApiPath.certificateStatus, PublicPath.verifyPage, PublicPath.verifyPageFor, PublicPath.statusList, PublicPath.issuer, PublicPath.jwks],
      what: 'requests to public pages'
    }
  ].map((rule) => ({ ...rule, patterns: rule.paths.map(matcher) }) as IClientRule & { patterns: RegExp[] });

  return (req, _res, next) => {
    const rule = rules.find((r) => r.method === req.method && r.patterns.some((p) => p.test(req.path)));
    if (!rule) return next();
    rule.limiter
      .take(`${rule.limiter.rule.name}:${req.ip ?? 'unknown'}`)
      .then((retryAfter) => {
        if (retryAfter === 0) return next();
        next(new AppError('rate_limited', 'Too many requests', `Too many ${rule.what} from your address: at most ${rule.limiter.rule.points} per minute. Try again in ${retryAfter} s.`, retryAfter));
      })
      .catch(next);
  };
}
