import type { IImageGradeJob, IImageGradeOutcome, IImageWork, IInspectResult } from '../services/context.js';
import { ServiceError } from '../services/errors.js';
import { WorkerJobError, WorkerPool } from './pool.js';
import type { ImageRequest } from './image-worker.js';

/**
 * Always the compiled worker (dist/workers/image-worker.js), also when tests import the
 * sources: worker threads cannot run TypeScript. `npm test` builds before testing.
 */
const WORKER_FILE = new URL('../../dist/workers/image-worker.js', import.meta.url);

export class PooledImageWork implements IImageWork {
  private readonly pool: WorkerPool;

  constructor(size: number, limits: { maxCompressedBytes: number; maxDecodedBytes: number }) {
    this.pool = new WorkerPool(WORKER_FILE, size, limits);
  }

  async inspect(file: string): Promise<IInspectResult> {
    return this.run<IInspectResult>({ type: 'inspect', file });
  }

  async gradeImages(jobs: IImageGradeJob[]): Promise<IImageGradeOutcome[]> {
    return this.run<IImageGradeOutcome[]>({ type: 'grade', jobs: jobs as Extract<ImageRequest, { type: 'grade' }>['jobs'] });
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async run<T>(request: ImageRequest): Promise<T> {
    try {
      return await this.pool.run<T>(request);
    } catch (err) {
      if (err instanceof WorkerJobError && err.code === 'payload_too_large') {
        throw new ServiceError('payload_too_large', 'Image too large', err.message);
      }
      if (err instanceof WorkerJobError && err.code === 'invalid_image') {
        throw new ServiceError('invalid_image', 'Not a readable image', err.message);
      }
      throw err;
    }
  }
}
