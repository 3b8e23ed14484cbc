import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { AnswerSummary } from './protocol';

/**
 * The answers lesson cells recorded with `course.answer(...)`, per running ITK kernel: what the
 * lesson's Submit action (issue 7) reads. Image answers stay in the worker until asked for.
 */
export interface IKernelAnswers {
  /** Emitted with the kernel id whenever one of its answers changes. */
  readonly changed: ISignal<IKernelAnswers, string>;
  /** The answers of one kernel (find it through the notebook's session), by item id. */
  answers(kernelId: string): Record<string, AnswerSummary>;
  /** An image answer as NIfTI bytes (`.nii.gz`), ready for `POST api/uploads`. */
  imageFile(kernelId: string, itemId: string): Promise<Uint8Array>;
  /** The variant tag of the learner's own data the kernel loaded, if any (sent with a submission). */
  variant?(kernelId: string): string | null;
}

export const IKernelAnswers = new Token<IKernelAnswers>('@voxel-academy/labextension:IKernelAnswers', 'Answers recorded by ITK kernel cells.');
