import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A limit: `points` per `durationSeconds`, counted per key (a client address, a learner…). */
export interface ILimitRule {
  name: string;
  points: number;
  durationSeconds: number;
}

export interface IRateLimiter {
  readonly rule: ILimitRule;
  /** Takes one point for `key`: 0 when allowed, else the seconds until the next point frees up. */
  take(key: string): Promise<number>;
}

/**
 * Where counters live: in memory for one process (SQLite, one server), in PostgreSQL when
 * replicas share a database (pg-rate-limits.ts), so a limit means the same at any scale.
 */
export type RateLimitStore = (rule: ILimitRule) => IRateLimiter;

export const memoryRateLimits: RateLimitStore = (rule) => {
  const limiter = new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: rule.durationSeconds });
  return { rule, take: (key) => takePoint(limiter, key) };
};

/** Takes one point from any rate-limiter-flexible limiter: 0 when allowed, else the seconds to wait. */
export async function takePoint(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (res) {
    if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw res;
  }
}
