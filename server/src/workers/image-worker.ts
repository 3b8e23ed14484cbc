import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { ContentItem } from '../assessments/content-schema.js';
import { gradeItem } from '../grading/registry.js';
import { ImageFormatError, ImageTooLargeError, readNifti } from '../imaging/nifti.js';
import type { IVolume } from '../imaging/volume.js';

/** Requests the image pool understands; answers are plain data (structured-clone safe). */
export type ImageRequest =
  | { type: 'inspect'; file: string }
  | { type: 'grade'; jobs: Array<{ item: ContentItem; answer: unknown; answerFile: string | null; referenceFile: string }> };

const limits = workerData as { maxCompressedBytes: number; maxDecodedBytes: number };
// Reference images are read once per worker and kept: they are the same for every learner.
const references = new Map<string, Promise<IVolume>>();

async function load(file: string): Promise<IVolume> {
  return readNifti(new Uint8Array(await readFile(file)), limits);
}

async function handle(request: ImageRequest): Promise<unknown> {
  if (request.type === 'inspect') {
    const volume = await load(request.file);
    return { size: [...volume.size], spacing: [...volume.spacing], origin: [...volume.origin] };
  }
  const outcomes = [];
  for (const job of request.jobs) {
    let reference = references.get(job.referenceFile);
    if (!reference) {
      reference = load(job.referenceFile);
      references.set(job.referenceFile, reference);
    }
    let answerImage: IVolume | undefined;
    if (job.answerFile !== null) {
      try {
        answerImage = await load(job.answerFile);
      } catch (err) {
        outcomes.push({ score: 0, feedback: `Your image could not be read: ${(err as Error).message}` });
        continue;
      }
    }
    outcomes.push(gradeItem(job.item, job.answer as Parameters<typeof gradeItem>[1], { answerImage, referenceImage: await reference }));
  }
  return outcomes;
}

const port = parentPort;
if (!port) throw new Error('image-worker.js runs as a worker thread of the course server');
port.on('message', async (msg: { id: number; request: ImageRequest }) => {
  try {
    port.postMessage({ id: msg.id, ok: true, value: await handle(msg.request) });
  } catch (err) {
    const code = err instanceof ImageTooLargeError ? 'payload_too_large' : err instanceof ImageFormatError ? 'invalid_image' : 'internal';
    port.postMessage({ id: msg.id, ok: false, code, message: err instanceof Error ? err.message : String(err) });
  }
});
