import type Database from 'better-sqlite3';

interface IQueued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: write transactions that arrive while the event loop is busy are run together
 * in one IMMEDIATE transaction, each in its own savepoint (a failure rolls back only its own
 * work). One commit then carries many submissions, which is where SQLite's time per write goes
 * under load; with a single request in flight the batch is simply that request.
 * Promises resolve only after the shared COMMIT, so nothing is acknowledged before it is durable.
 */
export class GroupCommitter {
  private queue: IQueued[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Database.Database,
    private readonly maxBatch = 256
  ) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once every transaction queued so far has committed (or failed): for close(). */
  async drain(): Promise<void> {
    while (this.queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    this.scheduled = this.queue.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db
        .transaction(() => {
          for (const item of batch) {
            try {
              // A nested better-sqlite3 transaction is a SAVEPOINT.
              outcomes.push({ ok: true, value: this.db.transaction(item.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed: nothing in this batch was written.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (o?.ok) item.resolve(o.value);
      else item.reject(o ? o.error : new Error('transaction outcome missing'));
    });
  }
}
