import { describe, expect, it, vi } from 'vitest';
import { ANSWER_LIMITS, AnswerValue } from '@voxel-academy/protocol';
import { courseNamespace, itkNamespace, type IItkBackend, type RecordedAnswer } from '../src/index-common.js';
import { PREPARING_NOTICE_MS } from '../src/core/course.js';

const unused = (): never => {
  throw new Error('not used here');
};
const backend: IItkBackend = {
  readImage: async (file) => ({ ...FAKE_IMAGE, name: file.path }),
  writeImage: unused,
  readDicomSeries: unused,
  readDicomTags: unused,
  downsample: async () => {
    // itk-wasm pipelines throw a bare exit code on failure.
    throw 3;
  },
  defaultParameterMap: unused,
  elastix: unused,
  transformix: unused,
  resampleToReference: unused,
  compareImages: unused
};
const FAKE_IMAGE = {
  imageType: { dimension: 2, componentType: 'uint8', pixelType: 'Scalar', components: 1 },
  name: '',
  origin: [0, 0],
  spacing: [1, 1],
  direction: new Float64Array([1, 0, 0, 1]),
  size: [1, 1],
  metadata: new Map(),
  data: new Uint8Array(1)
} as unknown as Awaited<ReturnType<IItkBackend['readImage']>>;

function course() {
  const told: [string, RecordedAnswer][] = [];
  const itk = itkNamespace(backend);
  const ns = courseNamespace({ dataset: async (id) => ({ path: `${id}.nii.gz`, data: new Uint8Array(4) }), file: unused, answered: (id, a) => told.push([id, a]) }, itk);
  return { ns, told, itk };
}

describe('course bindings', () => {
  it('records numbers, texts, choices, vectors, points and images, and tells the host', () => {
    const { ns, told } = course();
    expect(ns.answer('hu-water', 0, 'HU')).toEqual({ type: 'number', value: 0, unit: 'HU' });
    expect(ns.answer('modality', 'CT')).toEqual({ type: 'text', text: 'CT' });
    expect(ns.answer('which', ['a', 'c'])).toEqual({ type: 'choice', selected: ['a', 'c'] });
    expect(ns.answer('spacing', [1, 1, 2.5])).toEqual({ type: 'vector', values: [1, 1, 2.5] });
    expect(ns.answer('seed', { type: 'point', point: [1, 2, 3] })).toEqual({ type: 'point', point: [1, 2, 3] });
    expect(ns.answer('mask', FAKE_IMAGE).type).toBe('image');
    expect(told.map(([id]) => id)).toEqual(['hu-water', 'modality', 'which', 'spacing', 'seed', 'mask']);
    expect(Object.keys(ns.answers())).toHaveLength(6);
  });

  it('refuses answers it cannot submit, with a message that says what fits', () => {
    const { ns } = course();
    expect(() => ns.answer('Bad Id', 1)).toThrow(/not an item id/);
    expect(() => ns.answer('x', Number.NaN)).toThrow(/not finite/);
    expect(() => ns.answer('x', { odd: true })).toThrow(/give a number, a text/);
  });

  it('checks answers against the protocol when they are recorded, not on Submit', () => {
    const { ns } = course();
    // The protocol caps texts at 2000 characters and vectors at 64 numbers.
    expect(() => ns.answer('essay', 'x'.repeat(2001))).toThrow(/cannot be submitted: text: .*2000/);
    expect(() => ns.answer('params', Array.from({ length: 65 }, (_, i) => i))).toThrow(/cannot be submitted: values/);
    expect(ns.answers()).toEqual({});
    expect(ns.answer('essay', 'x'.repeat(2000))).toEqual({ type: 'text', text: 'x'.repeat(2000) });
  });

  it('accepts exactly what the protocol schema accepts, at and just past every limit', () => {
    const { ns } = course();
    const L = ANSWER_LIMITS;
    const cases: Array<[unknown, string | undefined]> = [
      ['t'.repeat(L.textChars), undefined],
      ['t'.repeat(L.textChars + 1), undefined],
      [Array.from({ length: L.vectorValues }, () => 1), undefined],
      [Array.from({ length: L.vectorValues + 1 }, () => 1), undefined],
      [Array.from({ length: L.choices }, (_, i) => `o${i}`), undefined],
      [Array.from({ length: L.choices + 1 }, (_, i) => `o${i}`), undefined],
      [3, 'u'.repeat(L.unitChars)],
      [3, 'u'.repeat(L.unitChars + 1)]
    ];
    for (const [value, unit] of cases) {
      let recorded: unknown = null;
      try {
        recorded = ns.answer('item', value, unit);
      } catch {
        recorded = null;
      }
      const candidate = typeof value === 'string' ? { type: 'text', text: value } : typeof value === 'number' ? { type: 'number', value, unit } : (value as unknown[]).every((v) => typeof v === 'number') ? { type: 'vector', values: value } : { type: 'choice', selected: value };
      expect(recorded !== null, JSON.stringify(candidate).slice(0, 80)).toBe(AnswerValue.safeParse(candidate).success);
    }
  });

  it('reads datasets as images through itk, by file name', async () => {
    const { ns } = course();
    expect((await ns.data('head-ct')).name).toBe('head-ct.nii.gz');
  });

  it('explains pipeline failures and wrong arguments', async () => {
    const { itk } = course();
    await expect(itk.downsample(FAKE_IMAGE, 2)).rejects.toThrow(/itk.downsample failed \(itk-wasm pipeline exit code 3\)/);
    await expect(itk.downsample({} as typeof FAKE_IMAGE, 2)).rejects.toThrow(/must be an itk Image/);
    await expect(itk.readImage(new Uint8Array(1), 'notes.txt')).rejects.toThrow(/no image file extension/);
  });
});

describe('a learner’s own variant', () => {
  it('says once per dataset that the data is the learner’s own variant, and returns the host’s variant', async () => {
    const notices: string[] = [];
    const info = { tag: 'v-3f9a2c', policy: 'per-learner' as const, attempt: null, parameters: { level: 120 }, datasets: ['moved'] };
    const ns = courseNamespace(
      { dataset: async (id) => ({ path: `${id}.nii.gz`, data: new Uint8Array(4), ...(id === 'moved' ? { variant: 'v-3f9a2c' } : {}) }), file: unused, variant: async () => info },
      itkNamespace(backend),
      (line) => notices.push(line)
    );
    await ns.data('moved');
    await ns.data('moved');
    await ns.data('fixed');
    expect(notices).toEqual(["[course] moved: your own variant v-3f9a2c (every learner's data differs; your answers are graded on yours)."]);
    expect(await ns.variant()).toEqual(info);
  });

  it('returns null outside a lesson with variants', async () => {
    const { ns } = course();
    expect(await ns.variant()).toBeNull();
  });

  it('tells the learner when the server takes a while to prepare their data, and not when it is quick', async () => {
    vi.useFakeTimers();
    try {
      const notices: string[] = [];
      let release: (() => void) | undefined;
      const slow = new Promise<void>((resolve) => (release = resolve));
      const ns = courseNamespace(
        { dataset: async (id) => (id === 'slow' ? slow.then(() => ({ path: 'slow.nii.gz', data: new Uint8Array(4) })) : { path: `${id}.nii.gz`, data: new Uint8Array(4) }), file: unused },
        itkNamespace(backend),
        (line) => notices.push(line)
      );
      await ns.data('quick');
      await vi.advanceTimersByTimeAsync(PREPARING_NOTICE_MS + 100);
      expect(notices).toEqual([]);
      const loading = ns.data('slow');
      await vi.advanceTimersByTimeAsync(PREPARING_NOTICE_MS + 100);
      expect(notices).toEqual(['[course] slow: the course server is preparing your own variant of this dataset (first time only)…']);
      release?.();
      await loading;
    } finally {
      vi.useRealTimers();
    }
  });
});
