import type { Session } from '@jupyterlab/services';
import type { IDisposable } from '@lumino/disposable';
import { AnswerValue } from '@voxel-academy/protocol';
import type { IKernelAnswers } from '../kernel/tokens';
import { lessonPath } from '../lessons/open-lesson';
import type { AssessmentModel } from './model';

/** What the panel needs to find the lesson notebook's kernel and upload an image answer. */
export interface IKernelAnswerSource {
  answers: IKernelAnswers;
  /** The sessions running now (notebook path → kernel id). */
  sessions(): Iterable<Pick<Session.IModel, 'path' | 'kernel'>>;
  /** Uploads NIfTI bytes (POST api/uploads) and returns the upload id. */
  upload(bytes: Uint8Array): Promise<string>;
}

/**
 * Fills an assessment panel with the answers the lesson's cells recorded with `course.answer`.
 * Only the lesson's own notebook counts (its workspace copy, or a newer version opened beside
 * it), and an answer is taken again only when the kernel records a different value, so what the
 * learner types in the panel afterwards is not overwritten by a stale recording.
 */
export function followKernelAnswers(model: AssessmentModel, lessonId: string, source: IKernelAnswerSource): IDisposable {
  const taken = new Map<string, string>();
  /** Uploads under way per item (a re-run cell may start a second one before the first ends). */
  const inFlight = new Map<string, number>();
  const base = lessonPath(model.courseId, lessonId).replace(/\.ipynb$/, '');
  const isLesson = (path: string): boolean => path === `${base}.ipynb` || (path.startsWith(`${base}.course-`) && path.endsWith('.ipynb'));

  const sync = async (kernelId: string): Promise<void> => {
    const session = [...source.sessions()].find((s) => s.kernel?.id === kernelId);
    if (!session || !isLesson(session.path)) return;
    const recorded = source.answers.answers(kernelId);
    model.setVariant(source.answers.variant?.(kernelId) ?? null);
    // Numbers, texts and choices fill the form at once; each image is uploaded afterwards and
    // fills its item when the upload answers. Review waits for those uploads, so an answer the
    // notebook recorded is never left out of a submission made while a large image travels.
    const fresh: Record<string, AnswerValue> = {};
    const images: [string, string][] = [];
    for (const [itemId, summary] of Object.entries(recorded)) {
      const fingerprint = JSON.stringify(summary);
      if (taken.get(itemId) === fingerprint) continue;
      taken.set(itemId, fingerprint);
      if (summary.type === 'image') {
        images.push([itemId, fingerprint]);
        continue;
      }
      const parsed = AnswerValue.safeParse(summary);
      if (parsed.success) fresh[itemId] = parsed.data;
    }
    if (Object.keys(fresh).length > 0) model.mergeAnswers(fresh, 'notebook');
    await Promise.all(images.map(([itemId, fingerprint]) => uploadImage(kernelId, itemId, fingerprint)));
  };

  const uploadImage = async (kernelId: string, itemId: string, fingerprint: string): Promise<void> => {
    // Another assessment's image (the same notebook may answer several) is not sent at all.
    if (!(model.state.assessment?.items.some((i) => i.id === itemId) ?? true)) return;
    inFlight.set(itemId, (inFlight.get(itemId) ?? 0) + 1);
    model.setUploading(itemId, true);
    try {
      const uploadId = await source.upload(await source.answers.imageFile(kernelId, itemId));
      // A newer recording of this item started its own upload: the older one must not win.
      if (taken.get(itemId) === fingerprint) model.mergeAnswers({ [itemId]: { type: 'image', uploadId } }, 'notebook');
    } catch (err) {
      if (taken.get(itemId) === fingerprint) taken.delete(itemId);
      model.notify(model.trans.__('The image recorded for “%1” could not be uploaded: %2. Run its cell again, or upload the file here.', itemId, err instanceof Error ? err.message : String(err)));
    } finally {
      const left = (inFlight.get(itemId) ?? 1) - 1;
      if (left > 0) inFlight.set(itemId, left);
      else inFlight.delete(itemId);
      if (left === 0) model.setUploading(itemId, false);
    }
  };

  const onChanged = (_: IKernelAnswers, kernelId: string): void => void sync(kernelId);
  source.answers.changed.connect(onChanged);
  for (const s of source.sessions()) if (s.kernel && isLesson(s.path)) void sync(s.kernel.id);
  let disposed = false;
  return {
    get isDisposed() {
      return disposed;
    },
    dispose() {
      disposed = true;
      source.answers.changed.disconnect(onChanged);
    }
  };
}
