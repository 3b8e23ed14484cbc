import type { IDeriveResult, INotebookResult, VariantRequest } from './variant-worker.js';
import { poolErrorToService } from './pool-errors.js';
import { TaskPool } from './task-pool.js';

/** Always the compiled worker (worker threads cannot run TypeScript); `npm test` builds first. */
const WORKER_FILE = new URL('../../dist/workers/variant-worker.js', import.meta.url);

export type DeriveJob = Omit<Extract<VariantRequest, { type: 'derive' }>, 'type'>;
export type NotebookJob = Omit<Extract<VariantRequest, { type: 'notebook' }>, 'type'>;

/** Runs variant work in worker threads; see the service context's IVariantWork. */
export interface IVariantWork {
  derive(job: DeriveJob): Promise<IDeriveResult>;
  runNotebook(job: NotebookJob): Promise<INotebookResult>;
  close(): Promise<void>;
}

export interface IVariantPoolLimits {
  deriveWorkers: number;
  notebookWorkers: number;
  maxDecodedBytes: number;
  /** Tasks that may wait per pool; one more is answered 503 + Retry-After. */
  maxQueue?: number;
  /** Time limit of one derivation; a notebook run (keys, hidden references) gets five times it. */
  taskTimeoutMs?: number;
  /**
   * How long a derivation may wait for a thread before it is answered 503 (default 30 s: a
   * learner is waiting). Batch callers that queue a whole cohort at once (the curriculum check)
   * give it longer; notebook runs always wait ten task limits.
   */
  deriveMaxWaitMs?: number;
}

/**
 * Two pools, so that a learner waiting for their dataset never queues behind a minute-long
 * notebook run: derivations in one, notebook runs (keys, hidden references) in the other.
 * Both have the limits of every server pool (bounded queue, time limit, heap limit, nice).
 */
export class PooledVariantWork implements IVariantWork {
  private readonly derivations: TaskPool;
  private readonly notebooks: TaskPool;

  constructor(limits: IVariantPoolLimits) {
    const taskTimeoutMs = limits.taskTimeoutMs ?? 60_000;
    const common = { file: WORKER_FILE, maxQueue: limits.maxQueue ?? 32, workerData: { maxDecodedBytes: limits.maxDecodedBytes }, maxHeapMb: 1024, nice: 5 };
    this.derivations = new TaskPool({ ...common, name: 'variant data', threads: limits.deriveWorkers, taskTimeoutMs, maxWaitMs: limits.deriveMaxWaitMs });
    // Notebook runs queue while the course's keys are computed for the first time: wait longer.
    this.notebooks = new TaskPool({ ...common, name: 'reference notebook', threads: limits.notebookWorkers, taskTimeoutMs: 5 * taskTimeoutMs, maxWaitMs: 10 * taskTimeoutMs });
  }

  derive(job: DeriveJob): Promise<IDeriveResult> {
    return this.run<IDeriveResult>(this.derivations, { type: 'derive', ...job }, 'Deriving your dataset');
  }

  runNotebook(job: NotebookJob): Promise<INotebookResult> {
    return this.run<INotebookResult>(this.notebooks, { type: 'notebook', ...job }, 'The reference notebook');
  }

  stats(): Record<string, ReturnType<TaskPool['stats']>> {
    return { variantData: this.derivations.stats(), referenceNotebooks: this.notebooks.stats() };
  }

  async close(): Promise<void> {
    await Promise.all([this.derivations.close(), this.notebooks.close()]);
  }

  private async run<T>(pool: TaskPool, request: VariantRequest, subject: string): Promise<T> {
    try {
      return await pool.run<T>(request);
    } catch (err) {
      throw poolErrorToService(err, subject);
    }
  }
}
