import { Piscina } from 'piscina';
import { WARM_UP, type TaskOutcome } from './worker-task.js';

/** The CommonJS file piscina loads; it imports the pool's module (why: worker-entry.cts). */
const ENTRY_FILE = new URL('../../dist/workers/worker-entry.cjs', import.meta.url);
/** The workerData key worker-entry.cts reads the module's URL from. */
const MODULE_KEY = 'voxelWorkerModule';

export interface ITaskPoolOptions {
  /** For messages and logs: "image grading", "uploads", "certificates", "verification". */
  name: string;
  /** The compiled worker module; its default export handles one task (see worker-task.ts). */
  file: URL;
  threads: number;
  /** Tasks that may wait for a thread; one more is refused with PoolBusyError (503). */
  maxQueue: number;
  /** A running task is stopped (its worker terminated) after this long. */
  taskTimeoutMs: number;
  /** A worker that has not loaded its modules after this long is given up; default max(30 s, taskTimeoutMs). */
  startTimeoutMs?: number;
  /** A task that waited this long for a thread is given up (503); default 30 s. */
  maxWaitMs?: number;
  /** V8 heap of each worker; past it the worker dies (and only that task fails). */
  maxHeapMb: number;
  /**
   * Lower priority of the pool's threads (Unix nice, 0–19): under CPU contention the main
   * thread, which answers quizzes and live events, is scheduled first.
   */
  nice?: number;
  workerData?: unknown;
  /** After a crash, refuse tasks for base·2^(n−1) ms, at most max, for the n-th crash in a row. */
  backoff?: { baseMs: number; maxMs: number };
  now?: () => number;
}

const BUSY_MESSAGES = {
  queue_full: (pool: string) => `The ${pool} queue is full.`,
  waited_too_long: (pool: string) => `The ${pool} workers were busy for too long.`,
  recovering: (pool: string) => `The ${pool} workers are restarting after a failure.`
};

/** The pool cannot take or start the task now (queue full, waited too long, recovering from a crash). Retry later. */
export class PoolBusyError extends Error {
  constructor(
    readonly pool: string,
    readonly reason: keyof typeof BUSY_MESSAGES,
    readonly retryAfterSeconds: number
  ) {
    super(BUSY_MESSAGES[reason](pool));
    this.name = 'PoolBusyError';
  }
}

/** The task ran past its time limit and its worker was stopped: the input costs too much. */
export class TaskTimeoutError extends Error {
  constructor(
    readonly pool: string,
    readonly limitMs: number
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
 * A piscina pool with the limits every pool of the server needs: a bounded queue with a
 * bounded wait, a time limit per running task (the worker running it is terminated, so no task
 * can hold a thread forever), a heap limit per worker, and a bounded backoff after crashes.
 * Tasks wait here rather than in piscina, so a task's time limit starts when it starts: a
 * slow task never makes the ones queued behind it look costly. Workers start on demand
 * (`minThreads: 0`): after a crash, the replacement starts with the next admitted task. A
 * worker's start is not the task's: loading its modules can take seconds on busy cores, so a new
 * worker first answers a warm-up under a start limit of its own, then gets the task and its limit.
 */
export class TaskPool {
  private readonly pool: Piscina;
  private readonly now: () => number;
  private readonly backoff: { baseMs: number; maxMs: number };
  /** Tasks holding a thread. */
  private running = 0;
  /** Tasks waiting for one, in order. */
  private readonly waiting: Array<() => void> = [];
  private crashes = 0;
  private pausedUntil = 0;

  constructor(private readonly options: ITaskPoolOptions) {
    this.now = options.now ?? Date.now;
    this.backoff = options.backoff ?? { baseMs: 250, maxMs: 5000 };
    this.pool = new Piscina({
      filename: ENTRY_FILE.href,
      minThreads: 0,
      maxThreads: options.threads,
      // Never used: tasks reach piscina only when a thread is free (see slot()).
      maxQueue: options.threads,
      idleTimeout: 60_000,
      // Tasks are async (streams, pdf parsing yields): let a worker's event loop run between them.
      atomics: 'disabled',
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb, stackSizeMb: 4 },
      // The worker module reads its own fields of workerData; the entry reads this one key.
      workerData: { ...(options.workerData as object | undefined), [MODULE_KEY]: options.file.href },
      niceIncrement: options.nice ?? 0,
      recordTiming: false
    });
    // A worker that fails outside any task (e.g. while loading) must not take the server down.
    this.pool.on('error', () => undefined);
  }

  /** Runs one task; resolves with its value or rejects with one of the errors above. */
  async run<T>(task: unknown, transferList?: ArrayBuffer[]): Promise<T> {
    const now = this.now();
    if (now < this.pausedUntil) throw new PoolBusyError(this.options.name, 'recovering', (this.pausedUntil - now) / 1000);
    await this.slot();
    let outcome: TaskOutcome<T>;
    try {
      await this.startWorkerIfNeeded();
      const signal = AbortSignal.timeout(this.options.taskTimeoutMs);
      try {
        outcome = (await this.pool.run(task, { signal, ...(transferList ? { transferList } : {}) })) as TaskOutcome<T>;
      } catch (err) {
        if (signal.aborted) throw new TaskTimeoutError(this.options.name, this.options.taskTimeoutMs);
        this.crashed();
        throw new WorkerCrashedError(this.options.name, err);
      }
    } finally {
      this.release();
    }
    this.crashes = 0;
    if (!outcome.ok) throw new TaskFailedError(outcome.code, outcome.message);
    return outcome.value;
  }

  /**
   * Every running task holds one thread; when the started workers are fewer than the running
   * tasks, none is free for this one and piscina would start a worker inside the task's time
   * limit. Start it here instead, with a warm-up task under the start limit.
   */
  private async startWorkerIfNeeded(): Promise<void> {
    if (this.pool.threads.length >= this.running) return;
    const limitMs = this.options.startTimeoutMs ?? Math.max(30_000, this.options.taskTimeoutMs);
    const signal = AbortSignal.timeout(limitMs);
    try {
      await this.pool.run(WARM_UP, { signal });
    } catch (err) {
      this.crashed();
      throw new WorkerCrashedError(this.options.name, signal.aborted ? new Error(`it did not start within ${Math.round(limitMs / 1000)} s`) : err);
    }
  }

  /** Waits for a free thread (bounded queue, bounded wait); the caller then holds it until release(). */
  private async slot(): Promise<void> {
    if (this.running < this.options.threads) {
      this.running++;
      return;
    }
    if (this.waiting.length >= this.options.maxQueue) throw new PoolBusyError(this.options.name, 'queue_full', this.retryAfterSeconds());
    await new Promise<void>((resolve, reject) => {
      const turn = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(new PoolBusyError(this.options.name, 'waited_too_long', this.retryAfterSeconds()));
      }, this.options.maxWaitMs ?? 30_000);
      this.waiting.push(turn);
    });
  }

  /** Hands the thread to the next waiting task, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /** What the pool is doing now (tests and the health endpoint). */
  stats(): { running: number; queued: number; threads: number } {
    return { running: this.running, queued: this.waiting.length, threads: this.pool.threads.length };
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
