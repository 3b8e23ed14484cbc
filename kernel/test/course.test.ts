import { describe, expect, it, vi } from 'vitest';
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
