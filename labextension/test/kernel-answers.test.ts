import { describe, expect, it } from 'vitest';
import { AssessmentModel } from '../src/assessment/model';
import { followKernelAnswers } from '../src/assessment/kernel-answers';
import { AnswerBook } from '../src/kernel/course-bridge';
import type { IAcademyClient } from '../src/tokens';

const ASSESSMENT = {
  id: 'lesson-one', courseId: 'demo', lessonId: 'lesson-one', title: 'Quiz', passMark: 0.7, maxAttempts: 3, deadline: null,
  latePolicy: { kind: 'reject' },
  items: [
    { id: 'volume', kind: 'numeric', prompt: 'Volume?', unit: 'mL', weight: 1 },
    { id: 'mask', kind: 'segmentation', prompt: 'Mask?', weight: 1 },
    { id: 'format', kind: 'short-text', prompt: 'Format?', weight: 1 }
  ]
};

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) } as Storage;
}

async function setup(): Promise<{ model: AssessmentModel; book: AnswerBook; uploads: Uint8Array[]; sessions: { path: string; kernel: { id: string; name: string } }[] }> {
  const client = { serviceUrl: '/services/academy/', request: async () => ASSESSMENT } as unknown as IAcademyClient;
  const model = new AssessmentModel(client, 'demo', 'lesson-one', memoryStorage());
  await model.load();
  const book = new AnswerBook(async (kernelId, itemId) => new TextEncoder().encode(`${kernelId}/${itemId}`));
  const uploads: Uint8Array[] = [];
  const sessions = [
    { path: 'academy/demo/lesson-one.ipynb', kernel: { id: 'k-lesson', name: 'voxel-itk' } },
    { path: 'scratch.ipynb', kernel: { id: 'k-scratch', name: 'voxel-itk' } }
  ];
  followKernelAnswers(model, 'lesson-one', {
    answers: book,
    sessions: () => sessions,
    upload: async (bytes) => {
      uploads.push(bytes);
      return `upload-${uploads.length}`;
    }
  });
  return { model, book, uploads, sessions };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('answers recorded by the lesson notebook fill the assessment panel', () => {
  it('takes the lesson kernel’s answers, uploads image answers, and ignores other notebooks', async () => {
    const { model, book, uploads } = await setup();
    book.record('k-lesson', 'volume', { type: 'number', value: 412.5, unit: 'mL' });
    book.record('k-lesson', 'mask', { type: 'image', description: '256×256×108 uint8' });
    book.record('k-scratch', 'format', { type: 'text', text: 'from another notebook' });
    await settle();
    expect(model.state.answers).toEqual({ volume: { type: 'number', value: 412.5, unit: 'mL' }, mask: { type: 'image', uploadId: 'upload-1' } });
    expect(new TextDecoder().decode(uploads[0])).toBe('k-lesson/mask');
    expect(model.state.fromNotebook.sort()).toEqual(['mask', 'volume']);
  });

  it('keeps what the learner typed until the notebook records a different value', async () => {
    const { model, book } = await setup();
    book.record('k-lesson', 'volume', { type: 'number', value: 400, unit: 'mL' });
    await settle();
    model.setAnswer('volume', { type: 'number', value: 401, unit: 'mL' });
    expect(model.state.fromNotebook).toEqual([]);
    // Another answer recorded: the unchanged volume must not overwrite the learner's edit.
    book.record('k-lesson', 'format', { type: 'text', text: 'NIfTI' });
    await settle();
    expect(model.state.answers['volume']).toEqual({ type: 'number', value: 401, unit: 'mL' });
    expect(model.state.answers['format']).toEqual({ type: 'text', text: 'NIfTI' });
    book.record('k-lesson', 'volume', { type: 'number', value: 405, unit: 'mL' });
    await settle();
    expect(model.state.answers['volume']).toEqual({ type: 'number', value: 405, unit: 'mL' });
  });

  it('says so when an image answer cannot be uploaded, and keeps the other answers', async () => {
    const client = { serviceUrl: '/s/', request: async () => ASSESSMENT } as unknown as IAcademyClient;
    const model = new AssessmentModel(client, 'demo', 'lesson-one', memoryStorage());
    await model.load();
    const book = new AnswerBook(async () => new Uint8Array([1]));
    followKernelAnswers(model, 'lesson-one', {
      answers: book,
      sessions: () => [{ path: 'academy/demo/lesson-one.ipynb', kernel: { id: 'k', name: 'voxel-itk' } }],
      upload: async () => {
        throw new Error('413 the image is larger than 50 MB');
      }
    });
    book.record('k', 'mask', { type: 'image', description: 'big' });
    book.record('k', 'volume', { type: 'number', value: 1 });
    await settle();
    expect(model.state.message).toContain('413 the image is larger than 50 MB');
    expect(model.state.answers).toEqual({ volume: { type: 'number', value: 1 } });
  });
});

describe('an image the notebook recorded holds Review until it is uploaded', () => {
  it('fills the other answers at once, and Review and Submit wait for the upload', async () => {
    const client = { serviceUrl: '/s/', request: async () => ASSESSMENT } as unknown as IAcademyClient;
    const model = new AssessmentModel(client, 'demo', 'lesson-one', memoryStorage());
    await model.load();
    const book = new AnswerBook(async () => new Uint8Array([1, 2, 3]));
    let finish: (id: string) => void = () => undefined;
    followKernelAnswers(model, 'lesson-one', {
      answers: book,
      sessions: () => [{ path: 'academy/demo/lesson-one.ipynb', kernel: { id: 'k', name: 'voxel-itk' } }],
      upload: () => new Promise<string>((resolve) => (finish = resolve))
    });
    book.record('k', 'mask', { type: 'image', description: '160×160×51 float32' });
    book.record('k', 'volume', { type: 'number', value: 12 });
    await settle();
    // The number is in the form while the image travels; the image's item says it is uploading.
    expect(model.state.answers).toEqual({ volume: { type: 'number', value: 12 } });
    expect(model.state.uploading).toEqual(['mask']);
    model.review();
    expect(model.state.phase).toBe('editing');
    finish('upload-7');
    await settle();
    expect(model.state.uploading).toEqual([]);
    expect(model.state.answers['mask']).toEqual({ type: 'image', uploadId: 'upload-7' });
    model.review();
    expect(model.state.phase).toBe('reviewing');
  });

  it('keeps the newer image when a re-run cell records another before the first upload ends', async () => {
    const client = { serviceUrl: '/s/', request: async () => ASSESSMENT } as unknown as IAcademyClient;
    const model = new AssessmentModel(client, 'demo', 'lesson-one', memoryStorage());
    await model.load();
    const book = new AnswerBook(async () => new Uint8Array([1]));
    const pending: ((id: string) => void)[] = [];
    followKernelAnswers(model, 'lesson-one', {
      answers: book,
      sessions: () => [{ path: 'academy/demo/lesson-one.ipynb', kernel: { id: 'k', name: 'voxel-itk' } }],
      upload: () => new Promise<string>((resolve) => pending.push(resolve))
    });
    book.record('k', 'mask', { type: 'image', description: 'first run' });
    await settle();
    book.record('k', 'mask', { type: 'image', description: 'second run' });
    await settle();
    expect(pending).toHaveLength(2);
    pending[1]?.('upload-second');
    await settle();
    expect(model.state.uploading).toEqual(['mask']);
    pending[0]?.('upload-first');
    await settle();
    expect(model.state.answers['mask']).toEqual({ type: 'image', uploadId: 'upload-second' });
    expect(model.state.uploading).toEqual([]);
  });
});
