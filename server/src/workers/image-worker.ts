import { workerData } from 'node:worker_threads';
import type { ContentItem } from '../assessments/content-schema.js';
import { gradeItem } from '../grading/registry.js';
import { ImageFormatError, ImageTooLargeError, inspectNiftiFile, readNiftiFile, type INiftiLimits } from '../imaging/nifti.js';
import type { IVolume } from '../imaging/volume.js';
import { workerTask } from './worker-task.js';

/** Requests the image pools understand; answers are plain data (structured-clone safe). */
export type ImageRequest =
  | { type: 'inspect'; file: string }
  | { type: 'grade'; jobs: Array<{ item: ContentItem; answer: unknown; answerFile: string | null; referenceFile: string }> };

const limits = workerData as INiftiLimits;
// Reference images are read once per worker and kept: they are the same for every learner.
const references = new Map<string, Promise<IVolume>>();

async function handle(request: ImageRequest): Promise<unknown> {
  if (request.type === 'inspect') {
    // Checks the whole file (header to last voxel) while holding no voxel: uploads cost ~2 MiB.
    const { size, spacing, origin } = await inspectNiftiFile(request.file, limits);
    return { size: [...size], spacing: [...spacing], origin: [...origin] };
  }
  const outcomes = [];
  for (const job of request.jobs) {
    let reference = references.get(job.referenceFile);
    if (!reference) {
      reference = readNiftiFile(job.referenceFile, limits);
      // A failed read is not cached: the next grading tries again (e.g. after setup fetched it).
      reference.catch(() => references.delete(job.referenceFile));
      references.set(job.referenceFile, reference);
    }
    let answerImage: IVolume | undefined;
    if (job.answerFile !== null) {
      try {
        answerImage = await readNiftiFile(job.answerFile, limits);
      } catch (err) {
        outcomes.push({ score: 0, feedback: `Your image could not be read: ${(err as Error).message}` });
        continue;
      }
    }
    outcomes.push(gradeItem(job.item, job.answer as Parameters<typeof gradeItem>[1], { answerImage, referenceImage: await reference }));
  }
  return outcomes;
}

export default workerTask(handle, (err) => (err instanceof ImageTooLargeError ? 'payload_too_large' : err instanceof ImageFormatError ? 'invalid_image' : null));
