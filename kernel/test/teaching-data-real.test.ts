import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Image } from 'itk-wasm';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createKernel } from '../src/index-common.js';
import { nodeItkBackend } from '../src/index-node.js';
import { NodeCourseHost } from '../src/node/course-host.js';
import { declaredDatasets } from '../src/node/datasets.js';
import { sha256 } from '../src/node/teaching-data/images.js';
import { readProvenance } from '../src/node/teaching-data/provenance.js';

/**
 * The converted teaching data as setup leaves it (`npm test` runs setup first). Missing data
 * is a failure with instructions, never a silent skip: lessons and assessment keys depend on it.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const DATASETS = resolve(ROOT, process.env.ACADEMY_DATASETS_DIR ?? '.cache/datasets');
const COURSE_DIR = join(DATASETS, 'medical-image-analysis');
const declared = (parse(readFileSync(join(ROOT, 'curriculum', 'medical-image-analysis', 'datasets.yaml'), 'utf8')) as { datasets: { id: string; file: string; sha256?: string }[] }).datasets;

interface IExpected {
  size: number[];
  spacing: number[];
  type: string;
  range: [number, number];
}

const EXPECTED: Record<string, IExpected> = {
  'head-ct': { size: [256, 256, 108], spacing: [0.957, 0.957, 1.5], type: 'int16', range: [-1024, 2986] },
  'head-ct-bone': { size: [256, 256, 108], spacing: [0.957, 0.957, 1.5], type: 'uint8', range: [0, 1] },
  'head-ct-head': { size: [256, 256, 108], spacing: [0.957, 0.957, 1.5], type: 'uint8', range: [0, 1] },
  'mr-dicom': { size: [256, 256, 19], spacing: [0.859, 0.859, 6.997], type: 'int16', range: [0, 1059] },
  'colin27-t1': { size: [181, 217, 181], spacing: [1, 1, 1], type: 'uint8', range: [0, 254] },
  'colin27-brain-mask': { size: [181, 217, 181], spacing: [1, 1, 1], type: 'uint8', range: [0, 1] },
  'colin27-atlas': { size: [181, 217, 181], spacing: [1, 1, 1], type: 'uint8', range: [0, 48] },
  'brain-t1-slice': { size: [221, 257], spacing: [1, 1], type: 'uint8', range: [1, 210] },
  'brain-pd-slice': { size: [221, 257], spacing: [1, 1], type: 'uint8', range: [1, 249] },
  'brain-pd-shifted': { size: [221, 257], spacing: [1, 1], type: 'uint8', range: [1, 249] },
  'brain-pd-rotated': { size: [221, 257], spacing: [1, 1], type: 'uint8', range: [1, 241] },
  'brain-t1-3d': { size: [128, 128, 62], spacing: [2, 2, 3], type: 'int16', range: [0, 255] },
  'brain-t1-3d-stripped': { size: [128, 128, 62], spacing: [2, 2, 3], type: 'uint8', range: [0, 6] }
};

function range(image: Image): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of image.data as Iterable<number>) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

function requireData(): void {
  if (!existsSync(join(COURSE_DIR, 'provenance.json'))) {
    throw new Error(`the teaching data is missing: ${COURSE_DIR}/provenance.json does not exist. Run \`npm run setup\` (or \`node kernel/dist/node/teaching-data/cli.js\` after \`npx tsc -b kernel\`).`);
  }
}

describe('real teaching data (as converted by setup)', () => {
  it('declares the datasets checked here, each with a checksum', () => {
    expect(declared.map((d) => d.id)).toEqual(expect.arrayContaining(Object.keys(EXPECTED)));
    for (const d of declared) expect(d.sha256, d.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has every file, real (not a phantom), with the checksum datasets.yaml declares', () => {
    requireData();
    const provenance = readProvenance(COURSE_DIR);
    const phantoms = Object.entries(provenance?.datasets ?? {}).filter(([, d]) => d.origin === 'phantom');
    expect(phantoms.map(([id, d]) => `${id}: ${d.reason}`), 'datasets generated as phantoms (setup could not fetch the real data)').toEqual([]);
    for (const d of declared) {
      const file = join(COURSE_DIR, d.file);
      expect(existsSync(file), `${file} is missing: run npm run setup`).toBe(true);
      expect(sha256(new Uint8Array(readFileSync(file))), `${d.file} checksum`).toBe(d.sha256);
    }
  });

  it('reads each dataset with course.data at the expected size, spacing, type and value range', async () => {
    requireData();
    const host = new NodeCourseHost({ declared: declaredDatasets(ROOT, DATASETS), datasetsDir: DATASETS, workspaceDir: ROOT });
    const kernel = createKernel({ itk: nodeItkBackend, course: host });
    const course = kernel.scope['course'] as { data(id: string): Promise<Image> };
    for (const [id, want] of Object.entries(EXPECTED)) {
      const image = await course.data(id);
      expect(image.size, id).toEqual(want.size);
      image.spacing.forEach((s, i) => expect(s, `${id} spacing[${i}]`).toBeCloseTo(want.spacing[i] ?? 0, 2));
      expect(image.imageType.componentType, id).toBe(want.type);
      expect(range(image), id).toEqual(want.range);
    }
  }, 120_000);

  it('has a head CT in Hounsfield units whose bone mask is the 226 HU threshold', async () => {
    requireData();
    const read = async (file: string) => nodeItkBackend.readImage({ path: file, data: new Uint8Array(readFileSync(join(COURSE_DIR, file))) });
    const [ct, bone] = await Promise.all([read('head-ct.nii.gz'), read('head-ct-bone.nii.gz')]);
    const hu = ct.data as Int16Array;
    // Air in the corner voxels of the first slice is about −1000 HU.
    const corner = [0, 255, 256 * 255, 256 * 256 - 1].map((i) => hu[i] ?? 0);
    for (const v of corner) expect(v).toBeLessThan(-900);
    const mask = bone.data as Uint8Array;
    let mismatched = 0;
    for (let i = 0; i < hu.length; i++) if (((hu[i] ?? 0) >= 226 ? 1 : 0) !== mask[i]) mismatched++;
    expect(mismatched).toBe(0);
  }, 60_000);

  it('gives the DICOM series as files whose tags itk.readDicomTags reads', async () => {
    requireData();
    const host = new NodeCourseHost({ declared: declaredDatasets(ROOT, DATASETS), datasetsDir: DATASETS, workspaceDir: ROOT });
    const kernel = createKernel({ itk: nodeItkBackend, course: host });
    const scope = kernel.scope as { course: { files(id: string): Promise<{ path: string }[]> }; itk: { readDicomTags(f: unknown): Promise<Record<string, string>> } };
    const files = await scope.course.files('mr-dicom');
    expect(files.map((f) => f.path)).toEqual(Array.from({ length: 19 }, (_, i) => `brain_${String(i + 2).padStart(3, '0')}.dcm`));
    const tags = await scope.itk.readDicomTags(files[0]);
    expect(tags['0008|0060']).toBe('MR');
    expect(tags['0008|0070']).toBe('GE Medical Systems');
    expect(tags['0028|0030']).toBe('0.859375\\0.859375');
  }, 60_000);
});
