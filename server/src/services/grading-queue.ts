import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ILogger } from '../log.js';
import type { IGradingClaim, IGradingQueueStore } from '../store/aggregates/grading-queue.js';
import type { ISubmissionRecord } from '../store/rows.js';

/** What the submit path needs from the queue (IServiceContext.grading). */
export interface IGradingLease {
  /** The claim a new submission is stored with: this replica grades it right away. */
  claim(): IGradingClaim;
  /** Runs the grading of submission `id` while this replica holds (and renews) its lease. */
  hold<T>(id: string, work: () => Promise<T>): Promise<T>;
}

export interface IGradingQueueOptions {
  store: IGradingQueueStore;
  log: ILogger;
  /** How long a claim keeps other replicas off a submission; renewed every third of it while grading. */
  leaseMs: number;
  /** How often the sweeper looks for unclaimed or lapsed work. */
  sweepMs: number;
  /** Submissions this replica grades at once from the sweep (more would sit in its worker queue while other replicas idle). */
  capacity: number;
  now?: () => number;
  /** Told how many submissions each sweep picked up (the metrics count them). */
  onSwept?: (n: number) => void;
}

/**
 * The database-backed grading queue of one replica: leases for what it grades, and a sweeper
 * that picks up pending submissions nobody holds — those a dead replica (SIGKILL, lost node)
 * was grading, once their lease lapses, and at boot those a crash left behind.
 */
export class GradingQueue implements IGradingLease {
  /** Readable in the database (who holds a claim), unique per process even on one host. */
  readonly owner = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private grade: ((record: ISubmissionRecord) => Promise<unknown>) | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;
  private closing = false;

  constructor(private readonly opts: IGradingQueueOptions) {
    this.now = opts.now ?? Date.now;
  }

  claim(): IGradingClaim {
    return { owner: this.owner, until: this.now() + this.opts.leaseMs };
  }

  async hold<T>(id: string, work: () => Promise<T>): Promise<T> {
    const running = work();
    this.inFlight.set(id, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(id);
    }
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Starts renewing leases and sweeping. `takeOver`: claim every pending submission at once,
   * whatever its lease says — right for SQLite, where one server owns the file, so any claim
   * found at boot is a dead process's. Resolves after that first sweep's claims are graded, so
   * a restarted server has answered what a crash left before it listens.
   */
  async start(grade: (record: ISubmissionRecord) => Promise<unknown>, options: { takeOver: boolean }): Promise<number> {
    this.grade = grade;
    const every = (ms: number, fn: () => void): NodeJS.Timeout => {
      const t = setInterval(fn, ms);
      t.unref();
      return t;
    };
    this.renewTimer = every(Math.max(100, Math.floor(this.opts.leaseMs / 3)), () => void this.renew());
    let resumed = 0;
    for (;;) {
      // As many at a time as the sweeper would take: more would overflow the worker queue,
      // and a refused grading is recorded as failed.
      const claimed = await this.claimBatch(options.takeOver ? Number.MAX_SAFE_INTEGER : this.now(), Math.max(1, this.opts.capacity));
      if (claimed.length === 0) break;
      resumed += claimed.length;
      await Promise.all(claimed.map((r) => this.hold(r.id, () => grade(r))));
    }
    if (resumed > 0) this.opts.log.info('resumed grading', { submissions: resumed });
    this.sweepTimer = every(this.opts.sweepMs, () => void this.sweep());
    return resumed;
  }

  /** One sweep: claims what this replica has room for and starts grading it. Returns how many it claimed. */
  sweep(): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      const room = this.opts.capacity - this.inFlight.size;
      if (room <= 0 || this.closing || !this.grade) return 0;
      const grade = this.grade;
      const claimed = await this.claimBatch(this.now(), room);
      for (const record of claimed) {
        void this.hold(record.id, () => grade(record)).catch((err: unknown) =>
          this.opts.log.error('swept grading failed', { submission: record.id, error: err instanceof Error ? err.message : String(err) })
        );
      }
      if (claimed.length > 0) this.opts.log.info('picked up pending submissions', { submissions: claimed.length });
      return claimed.length;
    })()
      .catch((err: unknown) => {
        this.opts.log.warn('grading sweep failed', { error: err instanceof Error ? err.message : String(err) });
        return 0;
      })
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  /** Stops sweeping; waits (bounded by the caller) for the gradings under way, whose leases would otherwise lapse first. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.sweeping;
    await Promise.allSettled([...this.inFlight.values()]);
    if (this.renewTimer) clearInterval(this.renewTimer);
  }

  private async claimBatch(at: number, limit: number): Promise<ISubmissionRecord[]> {
    const claimed = await this.opts.store.claimPending({ owner: this.owner, until: this.now() + this.opts.leaseMs }, at, limit);
    if (claimed.length > 0) this.opts.onSwept?.(claimed.length);
    return claimed;
  }

  /** Extends the leases of everything this replica is grading (the timer calls it every third of a lease). */
  async renew(): Promise<void> {
    if (this.inFlight.size === 0) return;
    try {
      await this.opts.store.renewClaims({ owner: this.owner, until: this.now() + this.opts.leaseMs }, [...this.inFlight.keys()]);
    } catch (err) {
      this.opts.log.warn('grading lease renewal failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }
}
