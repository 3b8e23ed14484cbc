import { ServerConnection } from '@jupyterlab/services';
import { URLExt } from '@jupyterlab/coreutils';
import { Signal, type ISignal } from '@lumino/signaling';
import type { IAcademyClient } from '../tokens';
import type { IKernelAnswers } from './tokens';
import type { AnswerSummary } from './protocol';
import type { ICourseBridge } from './worker-client';

/** Answers recorded by each kernel, for the lesson's Submit action (issue 7 adds the UI). */
export class AnswerBook implements IKernelAnswers {
  private readonly byKernel = new Map<string, Map<string, AnswerSummary>>();
  private readonly variants = new Map<string, string>();
  private readonly _changed = new Signal<IKernelAnswers, string>(this);

  constructor(private readonly imageOf: (kernelId: string, itemId: string) => Promise<Uint8Array>) {}

  get changed(): ISignal<IKernelAnswers, string> {
    return this._changed;
  }

  record(kernelId: string, itemId: string, answer: AnswerSummary): void {
    let answers = this.byKernel.get(kernelId);
    if (!answers) this.byKernel.set(kernelId, (answers = new Map()));
    answers.set(itemId, answer);
    this._changed.emit(kernelId);
  }

  /** A restarted kernel starts with no answers, as its variables are gone too. */
  forget(kernelId: string): void {
    this.variants.delete(kernelId);
    if (this.byKernel.delete(kernelId)) this._changed.emit(kernelId);
  }

  /** The kernel loaded the learner's own variant of a dataset: its answers are computed on it. */
  recordVariant(kernelId: string, tag: string): void {
    this.variants.set(kernelId, tag);
  }

  variant(kernelId: string): string | null {
    return this.variants.get(kernelId) ?? null;
  }

  answers(kernelId: string): Record<string, AnswerSummary> {
    return Object.fromEntries(this.byKernel.get(kernelId) ?? []);
  }

  imageFile(kernelId: string, itemId: string): Promise<Uint8Array> {
    if (this.byKernel.get(kernelId)?.get(itemId)?.type !== 'image') return Promise.reject(new Error(`no image answer for "${itemId}"`));
    return this.imageOf(kernelId, itemId);
  }
}

/**
 * What the kernel worker cannot do itself: course-server requests need the page's hub login
 * (a 401 there means a redirect dance the worker cannot follow), and workspace files need
 * JupyterLab's token and XSRF handling.
 */
export function courseBridge(
  client: IAcademyClient | null,
  settings: ServerConnection.ISettings,
  location: string,
  record: (itemId: string, answer: AnswerSummary) => void,
  lesson: () => { courseId: string; lessonId: string } | null = () => null,
  onVariant: (tag: string) => void = () => undefined
): ICourseBridge {
  return {
    dataset: async (id) => {
      if (!client?.serviceUrl) throw new Error('course.data needs the course server, which is only available when JupyterLab runs under JupyterHub.');
      // In a lesson's notebook, the lesson's assessment may give this learner their own data.
      const where = lesson();
      const file = await client.dataset(where?.courseId ?? null, id, where?.lessonId ?? null);
      if (file.variant) onVariant(file.variant);
      return { path: file.fileName, data: file.data, phantom: file.phantom === true, ...(file.variant ? { variant: file.variant } : {}) };
    },
    variant: async () => {
      const where = lesson();
      if (!client?.serviceUrl || !where) return null;
      return (await client.lessonVariant(where.courseId, where.lessonId)).variant;
    },
    file: async (path) => {
      const full = path.startsWith('/') ? path.slice(1) : location ? `${location}/${path}` : path;
      const url = URLExt.join(settings.baseUrl, 'api/contents', URLExt.encodeParts(full)) + '?type=file&format=base64&content=1';
      const response = await ServerConnection.makeRequest(url, {}, settings);
      if (!response.ok) throw new Error(`course.file: "${full}" could not be read (${response.status} ${response.statusText})`);
      const model = (await response.json()) as { name: string; content: string };
      return { path: model.name, data: fromBase64(model.content) };
    },
    answered: record
  };
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
