import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

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
 * Where counters live. rate-limiter-flexible keeps them in memory for one process; its
 * PostgreSQL (or Redis) store shares them between processes with the same interface, so a
 * multi-process deployment only swaps this factory (issue 14).
 */
export type RateLimitStore = (rule: ILimitRule) => IRateLimiter;

export const memoryRateLimits: RateLimitStore = (rule) => {
  const limiter = new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: rule.durationSeconds });
  return {
    rule,
    async take(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (res) {
        if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw res;
      }
    }
  };
};
