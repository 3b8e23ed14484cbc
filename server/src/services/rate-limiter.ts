/**
 * Token bucket per key (e.g. user + assessment): `limit` submissions per window, refilled
 * continuously. O(1) per hit whatever the limit. In memory: enough to stop answer brute-forcing
 * on one server; several instances would share it through Redis.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly limit: number,
    windowMs: number,
    private readonly now: () => number = Date.now
  ) {
    this.perMs = limit / windowMs;
  }

  /** Takes a token; returns 0 when allowed, else the seconds until one is available. */
  hit(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit, at: now };
    bucket.tokens = Math.min(this.limit, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (this.buckets.size > 50_000) this.sweep(now);
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /** Full buckets carry no information: forget them. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.limit) this.buckets.delete(key);
  }
}
