import { ServerConnection } from '@jupyterlab/services';
import { URLExt } from '@jupyterlab/coreutils';
import { Signal, type ISignal } from '@lumino/signaling';
import type { IAcademyClient } from '../tokens';
import type { IKernelAnswers } from './tokens';
import type { AnswerSummary, ICourseBridge } from './protocol';

/** Answers recorded by each kernel, for the lesson's Submit action. */
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
 * The course a kernel's notebook belongs to: the course Open lesson stamped into the notebook's
 * metadata, else the course folder it lives in (`academy/<course>/…`), else the only course
 * the server lists. Null when none of these tells.
 */
export function courseOfNotebook(stamped: string | null, location: string, catalogCourses: string[]): string | null {
  if (stamped) return stamped;
  const folder = /^academy\/([a-z0-9-]+)(?:\/|$)/.exec(location.replace(/^\/+/, ''))?.[1];
  if (folder && catalogCourses.includes(folder)) return folder;
  return catalogCourses.length === 1 ? (catalogCourses[0] ?? null) : null;
}

/** The lesson a kernel's notebook is (stamped by Open lesson, or named as its copy); null if none. */
export interface ILessonOfNotebook {
  courseId: string;
  lessonId: string;
}

/**
 * What the kernel worker cannot do itself: course-server requests need the page's hub login
 * (a 401 there means a redirect dance the worker cannot follow), and workspace files need
 * JupyterLab's token and XSRF handling. `stampedCourse` reads the course from the notebook
 * running this kernel, at the time of the call (the learner may have several courses open);
 * `lesson` the lesson, whose assessment may give this learner their own variant of the data.
 */
export function courseBridge(
  client: IAcademyClient | null,
  settings: ServerConnection.ISettings,
  location: string,
  stampedCourse: () => string | null,
  record: (itemId: string, answer: AnswerSummary) => void,
  lesson: () => ILessonOfNotebook | null = () => null,
  onVariant: (tag: string) => void = () => undefined
): ICourseBridge {
  return {
    dataset: async (id, progress) => {
      if (!client?.serviceUrl) throw new Error('course.data needs the course server, which is only available when JupyterLab runs under JupyterHub.');
      const courses = stampedCourse() ? [] : (await client.catalog()).courses.map((c) => c.id);
      const course = courseOfNotebook(stampedCourse(), location, courses);
      if (!course) {
        throw new Error(
          `course.data("${id}"): this notebook is not a lesson of one course, so it is not clear whose dataset to load. Open the lesson from the Academy sidebar (or save this notebook under academy/<course>/).`
        );
      }
      const mine = lesson();
      const file = await client.dataset(course, id, progress, mine && mine.courseId === course ? mine.lessonId : null);
      if (file.variant) onVariant(file.variant);
      return { path: file.fileName, data: file.data, phantom: file.phantom === true, ...(file.variant ? { variant: file.variant } : {}) };
    },
    variant: async () => {
      const mine = lesson();
      if (!client?.serviceUrl || !mine) return null;
      return (await client.lessonVariant(mine.courseId, mine.lessonId)).variant;
    },
    file: async (path) => {
      const full = inWorkspace(location, path);
      const url = contentsUrl(settings, full) + '?type=file&format=base64&content=1';
      const response = await ServerConnection.makeRequest(url, {}, settings);
      if (response.status === 404) throw new Error(`"${full}" not found in your workspace`);
      if (!response.ok) throw new Error(`course.file: "${full}" could not be read (${response.status} ${response.statusText})`);
      const model = (await response.json()) as { name: string; content: string };
      return { path: model.name, data: fromBase64(model.content) };
    },
    // The learner's own server's contents API, as JupyterLab's editor saves: the file opens there.
    writeFile: async (path, text, overwrite) => {
      const full = inWorkspace(location, path);
      const url = contentsUrl(settings, full);
      if (!overwrite) {
        const exists = await ServerConnection.makeRequest(url + '?content=0', {}, settings);
        if (exists.ok) return false;
        if (exists.status !== 404) throw new Error(`course.writeFile: could not check "${full}" (${exists.status} ${exists.statusText})`);
      }
      const init = { method: 'PUT', body: JSON.stringify({ type: 'file', format: 'text', content: text }) };
      const response = await ServerConnection.makeRequest(url, init, settings);
      if (!response.ok) throw new Error(`course.writeFile: "${full}" could not be written (${response.status} ${response.statusText}; does its folder exist?)`);
      return true;
    },
    answered: record
  };
}

/** A path relative to the notebook's folder, or from the workspace root when it starts with "/". */
function inWorkspace(location: string, path: string): string {
  return path.startsWith('/') ? path.slice(1) : location ? `${location}/${path}` : path;
}

function contentsUrl(settings: ServerConnection.ISettings, full: string): string {
  return URLExt.join(settings.baseUrl, 'api/contents', URLExt.encodeParts(full));
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
