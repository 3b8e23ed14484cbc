import type { Image } from 'itk-wasm';
import { isImage } from './format.js';
import type { IBinaryFile, IItkNamespace } from './itk.js';
import { readTar } from './tar.js';

/** What an answer can be; mirrors the protocol's answer kinds, with images kept as images until Submit uploads them. */
export type RecordedAnswer =
  | { type: 'choice'; selected: string[] }
  | { type: 'number'; value: number; unit?: string }
  | { type: 'text'; text: string }
  | { type: 'point'; point: [number, number, number] }
  | { type: 'vector'; values: number[] }
  | { type: 'image'; image: Image };

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
  dataset(id: string): Promise<IDatasetFile>;
  file(path: string): Promise<IBinaryFile>;
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
export function courseNamespace(host: ICourseHost, itk: IItkNamespace, notice: (line: string) => void = () => undefined): ICourseNamespace {
  const recorded = new Map<string, RecordedAnswer>();
  const noticed = new Set<string>();
  const load = async (id: string): Promise<IDatasetFile> => {
    // A learner's first open of a personal dataset can take a few seconds on the server: say so.
    const slow = setTimeout(() => notice(`[course] ${id}: the course server is preparing your own variant of this dataset (first time only)…`), PREPARING_NOTICE_MS);
    let file: IDatasetFile;
    try {
      file = await host.dataset(id);
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
  return {
    data: async (id) => {
      const file = await load(id);
      return isTar(file) ? itk.readDicomSeries(tarMembers(file)) : itk.readImage(file);
    },
    files: async (id) => {
      const file = await load(id);
      return isTar(file) ? tarMembers(file) : [{ path: file.path, data: file.data }];
    },
    file: (path) => host.file(path),
    answer: (itemId, value, unit) => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(itemId)) throw new TypeError(`course.answer: "${itemId}" is not an item id (lower-case letters, digits and dashes)`);
      const answer = toAnswer(value, unit);
      recorded.set(itemId, answer);
      host.answered?.(itemId, answer);
      return answer;
    },
    answers: () => Object.fromEntries(recorded),
    variant: async () => (host.variant ? host.variant() : null)
  };
}

function isTar(file: IBinaryFile): boolean {
  return file.path.toLowerCase().endsWith('.tar');
}

/** A tar dataset's files, named without folders (as itk-wasm names files by their last path part). */
function tarMembers(file: IBinaryFile): IBinaryFile[] {
  const members = readTar(file.data).map((e) => ({ path: e.name.split('/').pop() ?? e.name, data: e.data }));
  if (!members.length) throw new Error(`course: dataset file ${file.path} is an empty archive`);
  return members;
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
