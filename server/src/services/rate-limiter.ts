/**
 * Sliding-window limit per key (e.g. user + assessment), in memory: enough to stop answer
 * brute-forcing on one server; a multi-instance deployment would move it to Redis.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now
  ) {}

  /** Records a hit; returns 0 when allowed, else the seconds until the next hit is allowed. */
  hit(key: string): number {
    const now = this.now();
    const since = now - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return Math.max(1, Math.ceil((list[0]! + this.windowMs - now) / 1000));
    }
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 50_000) this.sweep(since);
    return 0;
  }

  private sweep(since: number): void {
    for (const [key, list] of this.hits) if (list.every((t) => t <= since)) this.hits.delete(key);
  }
}
