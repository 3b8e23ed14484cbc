import type { Image } from 'itk-wasm';
import { isImage } from './format.js';
import type { IBinaryFile, IItkNamespace } from './itk.js';

/** What an answer can be; mirrors the protocol's answer kinds, with images kept as images until Submit uploads them. */
export type RecordedAnswer =
  | { type: 'choice'; selected: string[] }
  | { type: 'number'; value: number; unit?: string }
  | { type: 'text'; text: string }
  | { type: 'point'; point: [number, number, number] }
  | { type: 'vector'; values: number[] }
  | { type: 'image'; image: Image };

/** Where course data comes from: the course server through the extension, or the file system in Node. */
export interface ICourseHost {
  dataset(id: string): Promise<IBinaryFile>;
  file(path: string): Promise<IBinaryFile>;
  /** Told about each recorded answer (the browser kernel forwards it to the extension). */
  answered?(itemId: string, answer: RecordedAnswer): void;
}

export interface ICourseNamespace {
  /** A teaching dataset of the course, read as an itk Image. */
  data(id: string): Promise<Image>;
  /** A file from the learner's workspace, as bytes with its name (pass it to itk.readImage). */
  file(path: string): Promise<IBinaryFile>;
  /** Records the answer to an assessment item for the lesson's Submit action. */
  answer(itemId: string, value: unknown, unit?: string): RecordedAnswer;
  /** Every answer recorded so far, by item id. */
  answers(): Record<string, RecordedAnswer>;
}

export function courseNamespace(host: ICourseHost, itk: IItkNamespace): ICourseNamespace {
  const recorded = new Map<string, RecordedAnswer>();
  return {
    data: async (id) => itk.readImage(await host.dataset(id)),
    file: (path) => host.file(path),
    answer: (itemId, value, unit) => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(itemId)) throw new TypeError(`course.answer: "${itemId}" is not an item id (lower-case letters, digits and dashes)`);
      const answer = toAnswer(value, unit);
      recorded.set(itemId, answer);
      host.answered?.(itemId, answer);
      return answer;
    },
    answers: () => Object.fromEntries(recorded)
  };
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
