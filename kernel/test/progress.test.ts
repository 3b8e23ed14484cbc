import { describe, expect, it } from 'vitest';
import { createKernel, type IItkBackend, type IProgressEvent } from '../src/index-common.js';

const image = {
  imageType: { dimension: 3, componentType: 'uint8' as const, pixelType: 'Scalar' as const, components: 1 },
  name: '',
  origin: [0, 0, 0],
  spacing: [1, 1, 1],
  direction: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]),
  size: [1, 1, 1],
  metadata: new Map(),
  data: new Uint8Array(1)
};
const unused = (): never => {
  throw new Error('not used here');
};
const backend = (elastix: IItkBackend['elastix']): IItkBackend => ({
  readImage: async () => image,
  writeImage: unused,
  readDicomSeries: unused,
  readDicomTags: unused,
  downsample: unused,
  defaultParameterMap: async () => ({}),
  elastix,
  transformix: unused,
  resampleToReference: unused,
  compareImages: unused
});

async function run(code: string, itk: IItkBackend, dataset: Parameters<typeof createKernel>[0]['course']['dataset']): Promise<{ status: string; events: IProgressEvent[] }> {
  const kernel = createKernel({ itk, course: { dataset, file: unused } });
  const events: IProgressEvent[] = [];
  const outcome = await kernel.execute(code, { stream: () => undefined, display: () => undefined, progress: (e) => void events.push(e) });
  return { status: outcome.status, events };
}

describe('progress of long waits in a cell', () => {
  it('reports a dataset download from start to done, with the host’s share and phase on the way', async () => {
    const { status, events } = await run('await course.data("head-ct")', backend(unused), async (_id, progress) => {
      progress?.(0.5, '20.0 of 40.0 MB');
      progress?.(1, '40.0 of 40.0 MB');
      return { path: 'head-ct.nii.gz', data: new Uint8Array(4) };
    });
    expect(status).toBe('ok');
    expect(events.map((e) => [e.label, e.state, e.fraction, e.detail])).toEqual([
      ['course.data: loading dataset "head-ct"', 'running', null, undefined],
      ['course.data: loading dataset "head-ct"', 'running', 0.5, '20.0 of 40.0 MB'],
      ['course.data: loading dataset "head-ct"', 'running', 1, '40.0 of 40.0 MB'],
      ['course.data: loading dataset "head-ct"', 'done', 1, undefined]
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
  });

  it('reports an elastix run that fails as failed, with the reason, and the cell still errors', async () => {
    const { status, events } = await run('const a = await course.data("x"); await itk.register(a, a, "rigid")', backend(async () => Promise.reject(new Error('metric undefined'))), async () => ({ path: 'x.nii.gz', data: new Uint8Array(4) }));
    expect(status).toBe('error');
    const register = events.filter((e) => e.label.startsWith('itk.register'));
    expect(register.map((e) => e.state)).toEqual(['running', 'failed']);
    expect(register[1]?.detail).toMatch(/metric undefined/);
  });
});
