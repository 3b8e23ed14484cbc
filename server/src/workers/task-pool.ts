import { Piscina } from 'piscina';
import type { TaskOutcome } from './worker-task.js';

export interface ITaskPoolOptions {
  /** For messages and logs: "image grading", "uploads", "certificates", "verification". */
  name: string;
  /** The compiled worker module; its default export handles one task (see worker-task.ts). */
  file: URL;
  threads: number;
  /** Tasks that may wait for a thread; one more is refused with PoolBusyError (503). */
  maxQueue: number;
  /** Every task settles within this time of being submitted; a running one is stopped. */
  taskTimeoutMs: number;
  /** V8 heap of each worker; past it the worker dies (and only that task fails). */
  maxHeapMb: number;
  workerData?: unknown;
  /** After a crash, refuse tasks for base·2^(n−1) ms, at most max, for the n-th crash in a row. */
  backoff?: { baseMs: number; maxMs: number };
  now?: () => number;
}

/** The pool cannot take the task now (queue full, or recovering from a crash). Retry later. */
export class PoolBusyError extends Error {
  constructor(
    readonly pool: string,
    readonly reason: 'queue_full' | 'recovering',
    readonly retryAfterSeconds: number
  ) {
    super(reason === 'queue_full' ? `The ${pool} queue is full.` : `The ${pool} workers are restarting after a failure.`);
    this.name = 'PoolBusyError';
  }
}

/** The task did not finish in time and its worker was stopped. */
export class TaskTimeoutError extends Error {
  constructor(
    readonly pool: string,
    readonly limitMs: number,
    /** True when the task had to wait for a thread: the server was busy, not the input costly. */
    readonly waited: boolean
  ) {
    super(`The ${pool} task did not finish within ${Math.round(limitMs / 1000)} s.`);
    this.name = 'TaskTimeoutError';
  }
}

/** An expected failure the worker reported, with its code (e.g. invalid_image). */
export class TaskFailedError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
    this.name = 'TaskFailedError';
  }
}

/** The worker died under the task (out of memory, exit): the task is lost, the pool backs off. */
export class WorkerCrashedError extends Error {
  constructor(pool: string, cause: unknown) {
    super(`A ${pool} worker stopped while working: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'WorkerCrashedError';
  }
}

/**
 * A piscina pool with the limits every pool of the server needs: a bounded queue, a time limit
 * per task (the worker running it is terminated, so no task can hold a thread forever), a heap
 * limit per worker, and a bounded backoff after crashes. Workers start on demand
 * (`minThreads: 0`), so after a crash the replacement starts with the next admitted task.
 */
export class TaskPool {
  private readonly pool: Piscina;
  private readonly now: () => number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private running = 0;
  private crashes = 0;
  private pausedUntil = 0;

  constructor(private readonly options: ITaskPoolOptions) {
    this.now = options.now ?? Date.now;
    this.backoff = options.backoff ?? { baseMs: 250, maxMs: 5000 };
    this.pool = new Piscina({
      filename: options.file.href,
      minThreads: 0,
      maxThreads: options.threads,
      maxQueue: options.maxQueue,
      idleTimeout: 60_000,
      // Tasks are async (streams, pdf parsing yields): let a worker's event loop run between them.
      atomics: 'disabled',
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb, stackSizeMb: 4 },
      workerData: options.workerData,
      recordTiming: false
    });
    // A worker that fails outside any task (e.g. while loading) must not take the server down.
    this.pool.on('error', () => undefined);
  }

  /** Runs one task; resolves with its value or rejects with one of the errors above. */
  async run<T>(task: unknown, transferList?: ArrayBuffer[]): Promise<T> {
    const now = this.now();
    if (now < this.pausedUntil) throw new PoolBusyError(this.options.name, 'recovering', (this.pausedUntil - now) / 1000);
    if (this.pool.queueSize >= this.options.maxQueue && this.running >= this.options.threads) {
      throw new PoolBusyError(this.options.name, 'queue_full', this.retryAfterSeconds());
    }
    const waited = this.running >= this.options.threads;
    const signal = AbortSignal.timeout(this.options.taskTimeoutMs);
    this.running++;
    let outcome: TaskOutcome<T>;
    try {
      outcome = (await this.pool.run(task, { signal, ...(transferList ? { transferList } : {}) })) as TaskOutcome<T>;
    } catch (err) {
      if (signal.aborted) throw new TaskTimeoutError(this.options.name, this.options.taskTimeoutMs, waited);
      if (err instanceof Error && err.message === 'Task queue is at limit') {
        throw new PoolBusyError(this.options.name, 'queue_full', this.retryAfterSeconds());
      }
      this.crashed();
      throw new WorkerCrashedError(this.options.name, err);
    } finally {
      this.running--;
    }
    this.crashes = 0;
    if (!outcome.ok) throw new TaskFailedError(outcome.code, outcome.message);
    return outcome.value;
  }

  /** What the pool is doing now (tests and the health endpoint). */
  stats(): { running: number; queued: number; threads: number } {
    return { running: this.running, queued: this.pool.queueSize, threads: this.pool.threads.length };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private crashed(): void {
    this.crashes++;
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (this.crashes - 1));
    this.pausedUntil = this.now() + delay;
  }

  /** A full queue drains in about one task time per queued task per thread; say so, at least 1 s. */
  private retryAfterSeconds(): number {
    return Math.max(1, Math.min(60, Math.ceil((this.options.maxQueue / this.options.threads) * 0.5)));
  }
}
