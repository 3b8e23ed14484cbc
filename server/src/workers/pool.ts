import { Worker } from 'node:worker_threads';

interface IJob {
  id: number;
  request: unknown;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** A failure reported by a worker, with the code it chose (e.g. invalid_image). */
export class WorkerJobError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
    this.name = 'WorkerJobError';
  }
}

/**
 * A fixed pool of worker threads with a FIFO queue. Keeps CPU-heavy work (image decoding,
 * distance transforms) off the event loop so quiz grading and live events stay fast.
 * A worker that dies fails its current job and is replaced.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, IJob>();
  private readonly queue: IJob[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly file: URL,
    size: number,
    private readonly workerData: unknown
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  run<T>(request: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(this.file, { workerData: this.workerData });
    worker.on('message', (msg: { id: number; ok: boolean; value?: unknown; code?: string; message?: string }) => {
      const job = this.busy.get(worker);
      if (!job || job.id !== msg.id) return;
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (msg.ok) job.resolve(msg.value);
      else job.reject(new WorkerJobError(msg.code ?? 'internal', msg.message ?? 'worker job failed'));
      this.dispatch();
    });
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`worker exited with code ${code}`)));
    // Idle workers must not keep the process alive on shutdown; busy ones must (dispatch refs
    // them), or a boot that awaits grading before listening would simply exit.
    worker.unref();
    return worker;
  }

  private lost(worker: Worker, err: Error): void {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    job?.reject(err);
    if (!this.closed && (job || at >= 0)) {
      this.idle.push(this.spawn());
      this.dispatch();
    }
  }

  private dispatch(): void {
    for (let worker = this.idle.pop(); worker; worker = this.idle.pop()) {
      const job = this.queue.shift();
      if (!job) {
        this.idle.push(worker);
        return;
      }
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, request: job.request });
    }
  }
}
