import { WorkerPool } from './pool.js';
import type { IDeriveResult, INotebookResult, VariantRequest } from './variant-worker.js';

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

/**
 * Two pools, so that a learner waiting for their dataset never queues behind a minute-long
 * notebook run: derivations in one, notebook runs (keys, hidden references) in the other.
 */
export class PooledVariantWork implements IVariantWork {
  private readonly derivations: WorkerPool;
  private readonly notebooks: WorkerPool;

  constructor(options: { deriveWorkers: number; notebookWorkers: number; maxDecodedBytes: number }) {
    this.derivations = new WorkerPool(WORKER_FILE, options.deriveWorkers, { maxDecodedBytes: options.maxDecodedBytes });
    this.notebooks = new WorkerPool(WORKER_FILE, options.notebookWorkers, { maxDecodedBytes: options.maxDecodedBytes });
  }

  derive(job: DeriveJob): Promise<IDeriveResult> {
    return this.derivations.run<IDeriveResult>({ type: 'derive', ...job });
  }

  runNotebook(job: NotebookJob): Promise<INotebookResult> {
    return this.notebooks.run<INotebookResult>({ type: 'notebook', ...job });
  }

  async close(): Promise<void> {
    await Promise.all([this.derivations.close(), this.notebooks.close()]);
  }
}
