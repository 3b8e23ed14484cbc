import type { Image } from 'itk-wasm';
import type { AnswerValue } from '@voxel-academy/protocol';
import { ANSWER_LIMITS } from '@voxel-academy/protocol/limits';
import { isImage } from './format.js';
import type { IBinaryFile, IItkNamespace } from './itk.js';
import { withProgress, type ProgressSink, type ProgressUpdate } from './progress.js';
import { readTar } from './tar.js';
import { loadModule, writeWorkspaceFile } from './workspace.js';

/**
 * What an answer can be: the protocol's answer values, except that an image stays an image
 * (Submit writes and uploads it, then sends its upload id).
 */
export type RecordedAnswer = Exclude<AnswerValue, { type: 'image' }> | { type: 'image'; image: Image };

/**
 * A dataset's file; `phantom` when setup could not fetch the real data and generated a stand-in;
 * `variant` (a tag such as v-3f9a2c) when the course server derived it for this learner.
 */
export interface IDatasetFile extends IBinaryFile {
  phantom?: boolean;
  variant?: string;
}

/**
 * The learner's own variant of the lesson's assessment (the protocol's VariantInfo): its tag,
 * the public parameters (e.g. the label to measure) and which datasets are personal.
 */
export interface IVariantInfo {
  tag: string;
  policy: 'per-learner' | 'per-attempt';
  attempt: number | null;
  parameters: Record<string, number | string>;
  datasets: string[];
}

/** Where course data comes from: the course server through the extension, or the file system in Node. */
export interface ICourseHost {
  /**
   * A dataset's file. `progress` takes the download's share done and a phase; a host that
   * prepares data first (e.g. generates the learner's variant of it) reports that phase too.
   */
  dataset(id: string, progress?: ProgressUpdate): Promise<IDatasetFile>;
  file(path: string): Promise<IBinaryFile>;
  /** Writes a text file relative to the notebook; false when it existed and `overwrite` was false. */
  writeFile?(path: string, text: string, overwrite: boolean): Promise<boolean>;
  /** The lesson's variant, or null when everyone works on the same data (or outside a lesson). */
  variant?(): Promise<IVariantInfo | null>;
  /** Told about each recorded answer (the browser kernel forwards it to the extension). */
  answered?(itemId: string, answer: RecordedAnswer): void;
}

export interface ICourseNamespace {
  /** A teaching dataset of the course, read as an itk Image (a `.tar` dataset of DICOM slices as one volume). */
  data(id: string): Promise<Image>;
  /** A teaching dataset's files: the member files of a `.tar` dataset (e.g. DICOM slices), otherwise the one file. */
  files(id: string): Promise<IBinaryFile[]>;
  /** A file from the learner's workspace, as bytes with its name (pass it to itk.readImage). */
  file(path: string): Promise<IBinaryFile>;
  /** Loads a .ts/.js file next to the notebook as a module (itk, course, console, display in scope) and returns its exports; reads the file anew on every call. */
  module(path: string): Promise<Record<string, unknown>>;
  /** Writes a text file next to the notebook (replacing it unless `{ overwrite: false }`); resolves to whether it wrote. */
  writeFile(path: string, text: string, options?: { overwrite?: boolean }): Promise<boolean>;
  /** Records the answer to an assessment item for the lesson's Submit action. */
  answer(itemId: string, value: unknown, unit?: string): RecordedAnswer;
  /** Every answer recorded so far, by item id. */
  answers(): Record<string, RecordedAnswer>;
  /** Your variant of this lesson's assessment: its tag and public parameters, or null if there is none. */
  variant(): Promise<IVariantInfo | null>;
}

/** After this long without the dataset, say that the course server is preparing it. */
export const PREPARING_NOTICE_MS = 1500;

/**
 * `notice` receives one plain line the first time a phantom dataset is loaded, so learners know
 * why their measurements will not match the assessment keys.
 */
export function courseNamespace(
  host: ICourseHost,
  itk: IItkNamespace,
  notice: (line: string) => void = () => undefined,
  progress?: ProgressSink,
  /** The names a workspace module sees (the kernel's scope); without it, only itk and course. */
  moduleScope?: () => Record<string, unknown>
): ICourseNamespace {
  const recorded = new Map<string, RecordedAnswer>();
  const noticed = new Set<string>();
  const load = async (id: string): Promise<IDatasetFile> => {
    // A learner's first open of a personal dataset can take a few seconds on the server: say so.
    const slow = setTimeout(() => notice(`[course] ${id}: the course server is preparing your own variant of this dataset (first time only)…`), PREPARING_NOTICE_MS);
    let file: IDatasetFile;
    try {
      file = await withProgress(progress, `course.data: loading dataset "${id}"`, (update) => host.dataset(id, update));
    } finally {
      clearTimeout(slow);
    }
    if (file.phantom && !noticed.has(id)) {
      noticed.add(id);
      notice(`[course] ${id}: the real teaching data was not available here; a generated phantom stands in, so measured values will not match the assessment keys.`);
    }
    if (file.variant && !noticed.has(`${id}\u0000${file.variant}`)) {
      noticed.add(`${id}\u0000${file.variant}`);
      notice(`[course] ${id}: your own variant ${file.variant} (every learner's data differs; your answers are graded on yours).`);
    }
    return file;
  };
  const ns: ICourseNamespace = {
    data: async (id) => {
      const file = await load(id);
      return isTar(file) ? itk.readDicomSeries(tarMembers(file)) : itk.readImage(file);
    },
    files: async (id) => {
      const file = await load(id);
      return isTar(file) ? tarMembers(file) : [{ path: file.path, data: file.data }];
    },
    file: (path) => host.file(path),
    module: (path) => {
      const scope = moduleScope?.() ?? { itk, course: ns };
      return loadModule(host, path, scope, MODULE_NAMES.filter((n) => n in scope));
    },
    writeFile: (path, text, options) => writeWorkspaceFile(host, path, text, options),
    answer: (itemId, value, unit) => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(itemId)) throw new TypeError(`course.answer: "${itemId}" is not an item id (lower-case letters, digits and dashes)`);
      const answer = checked(toAnswer(value, unit));
      recorded.set(itemId, answer);
      host.answered?.(itemId, answer);
      return answer;
    },
    answers: () => Object.fromEntries(recorded),
    variant: async () => (host.variant ? host.variant() : null)
  };
  return ns;
}

/** What a workspace module finds in scope without importing anything. */
const MODULE_NAMES = ['itk', 'course', 'console', 'display', 'profile'];

function isTar(file: IBinaryFile): boolean {
  return file.path.toLowerCase().endsWith('.tar');
}

/** A tar dataset's files, named without folders (as itk-wasm names files by their last path part). */
function tarMembers(file: IBinaryFile): IBinaryFile[] {
  const members = readTar(file.data).map((e) => ({ path: e.name.split('/').pop() ?? e.name, data: e.data }));
  if (!members.length) throw new Error(`course: dataset file ${file.path} is an empty archive`);
  return members;
}

/**
 * Checked against the protocol's limits now, so a value the server would refuse (a text over
 * its limit, too many numbers) fails in the learner's cell with the reason, not on Submit.
 * (The limits, not the zod schema: zod would add 440 KiB to the kernel worker.)
 */
function checked(answer: RecordedAnswer): RecordedAnswer {
  const refuse = (why: string): never => {
    throw new TypeError(`course.answer: this answer cannot be submitted: ${why}`);
  };
  const L = ANSWER_LIMITS;
  if (answer.type === 'text' && answer.text.length > L.textChars) refuse(`text: at most ${L.textChars} characters (this one has ${answer.text.length})`);
  if (answer.type === 'vector' && answer.values.length > L.vectorValues) refuse(`values: at most ${L.vectorValues} numbers (this list has ${answer.values.length})`);
  if (answer.type === 'choice' && answer.selected.length > L.choices) refuse(`selected: at most ${L.choices} choices`);
  if (answer.type === 'choice' && answer.selected.some((s) => s === '')) refuse('selected: an empty choice');
  if (answer.type === 'number' && (answer.unit?.length ?? 0) > L.unitChars) refuse(`unit: at most ${L.unitChars} characters`);
  if (answer.type === 'vector' && answer.values.length === 0) refuse('values: give at least one number');
  return answer;
}

function toAnswer(value: unknown, unit?: string): RecordedAnswer {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('course.answer: the number is not finite');
    return unit ? { type: 'number', value, unit } : { type: 'number', value };
  }
  if (typeof value === 'string') return { type: 'text', text: value };
  if (isImage(value)) return { type: 'image', image: value as Image };
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { type: 'choice', selected: value };
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v))) return { type: 'vector', values: value };
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'point') {
    const point = (value as { point?: unknown }).point;
    if (Array.isArray(point) && point.length === 3 && point.every((v) => typeof v === 'number')) return { type: 'point', point: point as [number, number, number] };
  }
  throw new TypeError('course.answer: give a number, a text, a list of choices, a list of numbers, { type: "point", point: [x, y, z] } or an image');
}
