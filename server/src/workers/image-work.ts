import type { IImageGradeJob, IImageGradeOutcome, IImageWork, IInspectResult } from '../services/context.js';
import type { ImageRequest } from './image-worker.js';
import { poolErrorToService } from './pool-errors.js';
import { TaskPool } from './task-pool.js';

/**
 * Always the compiled worker (dist/workers/image-worker.js), also when tests import the
 * sources: worker threads cannot run TypeScript. `npm test` builds before testing.
 */
const WORKER_FILE = new URL('../../dist/workers/image-worker.js', import.meta.url);

export interface IImagePoolLimits {
  /** Threads grading images (ACADEMY_GRADING_WORKERS). */
  gradingThreads: number;
  maxQueue: number;
  taskTimeoutMs: number;
  maxCompressedBytes: number;
  maxDecodedBytes: number;
}

/**
 * Image grading and upload checks in separate pools: a burst of uploads cannot delay grading,
 * and a slow grading cannot hold up the check a learner waits for after choosing a file.
 * Grading workers may hold two volumes at the cap; upload checks hold no voxels.
 */
export class PooledImageWork implements IImageWork {
  private readonly grading: TaskPool;
  private readonly uploads: TaskPool;

  constructor(limits: IImagePoolLimits) {
    const workerData = { maxCompressedBytes: limits.maxCompressedBytes, maxDecodedBytes: limits.maxDecodedBytes };
    const common = { file: WORKER_FILE, maxQueue: limits.maxQueue, taskTimeoutMs: limits.taskTimeoutMs, workerData };
    this.grading = new TaskPool({ ...common, name: 'image grading', threads: limits.gradingThreads, maxHeapMb: 1024, nice: 5 });
    this.uploads = new TaskPool({ ...common, name: 'uploads', threads: 1, maxHeapMb: 128, nice: 10 });
  }

  inspect(file: string): Promise<IInspectResult> {
    return this.run<IInspectResult>(this.uploads, { type: 'inspect', file }, 'This image');
  }

  gradeImages(jobs: IImageGradeJob[]): Promise<IImageGradeOutcome[]> {
    return this.run<IImageGradeOutcome[]>(this.grading, { type: 'grade', jobs: jobs as Extract<ImageRequest, { type: 'grade' }>['jobs'] }, 'This submission');
  }

  stats(): Record<string, ReturnType<TaskPool['stats']>> {
    return { imageGrading: this.grading.stats(), uploads: this.uploads.stats() };
  }

  async close(): Promise<void> {
    await Promise.all([this.grading.close(), this.uploads.close()]);
  }

  private async run<T>(pool: TaskPool, request: ImageRequest, subject: string): Promise<T> {
    try {
      return await pool.run<T>(request);
    } catch (err) {
      throw poolErrorToService(err, subject);
    }
  }
}
