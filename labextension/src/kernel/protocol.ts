import type { IMimeBundle, IProgressEvent, IVariantInfo } from '@voxel-academy/kernel';
import type { AnswerValue } from '@voxel-academy/protocol';

/**
 * What the kernel (main thread) and its worker offer each other over comlink. Every call is a
 * promise, and a throw on either side rejects the caller's promise with the error.
 */

export type ExecuteReply = { status: 'ok'; result: IMimeBundle | null } | { status: 'error'; ename: string; evalue: string; traceback: string[] };

/** An answer as the extension sees it: images are summarised (the image stays in the worker until Submit). */
export type AnswerSummary = { type: 'image'; description: string } | Exclude<AnswerValue, { type: 'image' }>;

/** A file the page fetched for the worker (course data needs the page's hub session). */
export interface IPageFile {
  path: string;
  data: Uint8Array;
  phantom?: boolean;
  /** The learner's own variant (its tag) when the course server derived the file for them. */
  variant?: string;
}

/** The page's side: course data with the page's hub session, and recorded answers. */
export interface ICourseBridge {
  dataset(id: string, progress?: (fraction: number | null, detail?: string) => void): Promise<IPageFile>;
  file(path: string): Promise<IPageFile>;
  /** Writes a text file relative to the notebook's folder (course.writeFile); false when it existed and overwrite was false. */
  writeFile(path: string, text: string, overwrite: boolean): Promise<boolean>;
  /** The lesson's variant (null outside a lesson, or when everyone works on the same data). */
  variant(): Promise<IVariantInfo | null>;
  answered(itemId: string, answer: AnswerSummary): void;
}

/** Where one cell's output goes while it runs. */
export interface IExecuteSink {
  stream(name: 'stdout' | 'stderr', text: string): void;
  display(bundle: IMimeBundle): void;
  progress(event: IProgressEvent): void;
}

/** Every cell's output, on one port set up with the worker: `cell` says which cell it belongs to. */
export interface IOutputSink {
  stream(cell: number, name: 'stdout' | 'stderr', text: string): void;
  display(cell: number, bundle: IMimeBundle): void;
  progress(cell: number, event: IProgressEvent): void;
}

/** When the worker ran a cell: its own time, and its start and end on the shared clock (timeOrigin + now). */
export interface IWorkerTimes {
  workerMs: number;
  startedAt: number;
  endedAt: number;
}

/** A cell's reply as the worker hands it over in shared memory (shared-reply.ts), with the prints it held. */
export interface ISharedReply {
  prints: Array<{ name: 'stdout' | 'stderr'; text: string }>;
  reply: ExecuteReply & IWorkerTimes;
}

/** The worker's side. */
export interface IKernelWorkerApi {
  init(pipelinesUrl: string, bridge: ICourseBridge, output: IOutputSink): Promise<void>;
  /** Shared memory the page may wait on for a cell's reply (only on a cross-origin isolated page). */
  shareReplies(buffer: SharedArrayBuffer): Promise<void>;
  /** Runs a cell; its output goes to the init's output sink under `cell`. */
  execute(code: string, cell: number): Promise<ExecuteReply & IWorkerTimes>;
  complete(code: string, cursor: number): Promise<{ matches: string[]; cursorStart: number; cursorEnd: number }>;
  isComplete(code: string): Promise<'complete' | 'incomplete' | 'invalid'>;
  /** An image answer as NIfTI bytes (`.nii.gz`). */
  answerFile(itemId: string): Promise<Uint8Array>;
}
