import type Database from 'better-sqlite3';

interface IQueued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

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

  /** One IMMEDIATE transaction over a batch, each item in its own savepoint. */
  private readonly runBatch: Database.Transaction<(batch: IQueued[], outcomes: Outcome[]) => void>;

  constructor(
    db: Database.Database,
    private readonly maxBatch = 256
  ) {
    // Savepoint statements prepared once: wrapping every item in db.transaction(work)() built
    // four wrapper functions per submit (6.5–8.6 → 1.6–2.2 µs per item, measured alone).
    const savepoint = db.prepare('SAVEPOINT voxel_item');
    const release = db.prepare('RELEASE voxel_item');
    const rollbackTo = db.prepare('ROLLBACK TO voxel_item');
    this.runBatch = db.transaction((batch: IQueued[], outcomes: Outcome[]) => {
      for (const item of batch) {
        savepoint.run();
        try {
          const value = item.work();
          // As better-sqlite3's own transactions: the work must be done before the commit.
          if (value instanceof Promise) throw new TypeError('A group-commit transaction cannot return a promise');
          release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // SQLite rolled the whole transaction back (a full disk, an I/O error): nothing of the
          // batch is written, so every item fails with this error.
          if (!db.inTransaction) throw error;
          // Otherwise only this item's writes are undone.
          rollbackTo.run();
          release.run();
          outcomes.push({ ok: false, error });
        }
      }
    });
  }

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
    const outcomes: Outcome[] = [];
    try {
      this.runBatch.immediate(batch, outcomes);
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
