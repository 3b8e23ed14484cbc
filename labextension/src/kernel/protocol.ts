import type { IMimeBundle, IVariantInfo } from '@voxel-academy/kernel';

/** Messages between the kernel (main thread) and its worker. Plain data: they cross postMessage. */

export type ToWorker =
  | { type: 'init'; pipelinesUrl: string }
  | { type: 'execute'; id: number; code: string }
  | { type: 'complete'; id: number; code: string; cursor: number }
  | { type: 'is-complete'; id: number; code: string }
  | { type: 'answer-file'; id: number; itemId: string }
  | { type: 'course-reply'; id: number; ok: true; path: string; data: Uint8Array; phantom?: boolean; variant?: string }
  | { type: 'variant-reply'; id: number; ok: true; variant: IVariantInfo | null }
  | { type: 'course-reply'; id: number; ok: false; message: string };

export type ExecuteReply = { status: 'ok'; result: IMimeBundle | null } | { status: 'error'; ename: string; evalue: string; traceback: string[] };

/** An answer as the extension sees it: images are summarised (the image stays in the worker until Submit). */
export type AnswerSummary = { type: 'image'; description: string } | ({ type: string } & Record<string, unknown>);

export type FromWorker =
  | { type: 'ready' }
  | { type: 'stream'; id: number; name: 'stdout' | 'stderr'; text: string }
  | { type: 'display'; id: number; bundle: IMimeBundle }
  | { type: 'execute-reply'; id: number; reply: ExecuteReply; workerMs: number }
  | { type: 'complete-reply'; id: number; matches: string[]; cursorStart: number; cursorEnd: number }
  | { type: 'is-complete-reply'; id: number; status: 'complete' | 'incomplete' | 'invalid' }
  | { type: 'answer-file-reply'; id: number; ok: true; data: Uint8Array }
  | { type: 'answer-file-reply'; id: number; ok: false; message: string }
  | { type: 'course-request'; id: number; op: 'dataset' | 'file' | 'variant'; arg: string }
  | { type: 'answered'; itemId: string; answer: AnswerSummary };
