/**
 * Visits every member once per period, a slice at a time: members are dealt round-robin into
 * slices and one slice is visited per tick (period / slices). A live-socket heartbeat that pinged
 * and re-checked 2,000 sockets in one go stalled the event loop (and every client's pongs came
 * back at once) for tens of milliseconds every period; issue 16's bench saw each such round as
 * a spike in every lesson's event latency.
 */
export class StaggeredRounds<T> {
  private readonly slices: Array<Set<T>>;
  private readonly sliceOf = new Map<T, Set<T>>();
  private dealt = 0;
  private tick = 0;
  private readonly timer: NodeJS.Timeout;

  /** Ticks are never shorter than this: a short period (tests) gets fewer slices. */
  static readonly MIN_TICK_MS = 50;

  constructor(periodMs: number, visit: (member: T) => void, maxSlices = 30) {
    const count = Math.max(1, Math.min(maxSlices, Math.floor(periodMs / StaggeredRounds.MIN_TICK_MS)));
    this.slices = Array.from({ length: count }, () => new Set<T>());
    this.timer = setInterval(() => {
      const slice = this.slices[this.tick++ % count] ?? new Set<T>();
      // A copy: a visit may end the member (and remove it) while the slice is walked.
      for (const member of [...slice]) visit(member);
    }, periodMs / count);
    this.timer.unref();
  }

  add(member: T): void {
    const slice = this.slices[this.dealt++ % this.slices.length];
    if (!slice || this.sliceOf.has(member)) return;
    slice.add(member);
    this.sliceOf.set(member, slice);
  }

  delete(member: T): void {
    this.sliceOf.get(member)?.delete(member);
    this.sliceOf.delete(member);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
