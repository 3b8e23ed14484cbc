import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { axisCodes, inLpsOrder, toMimeBundle, VIEWER_MIME, type IViewerPayload } from '../src/index-common.js';
import { nodeItkBackend } from '../src/index-node.js';

const dir = mkdtempSync(join(tmpdir(), 'voxel-viewer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const imageType = { dimension: 3, componentType: 'int16' as const, pixelType: 'Scalar' as const, components: 1 };
/** 4×3×2 int16 whose value encodes its index (x + 10 y + 100 z) minus 1000, as HU would be. */
function image(direction = [1, 0, 0, 0, 1, 0, 0, 0, 1], origin = [10, -20, 30]) {
  const data = new Int16Array(24).map((_, i) => (i % 4) + 10 * (Math.floor(i / 4) % 3) + 100 * Math.floor(i / 12) - 1000);
  return { imageType, name: 'test', size: [4, 3, 2], spacing: [0.5, 0.75, 2.5], origin, direction: new Float64Array(direction), metadata: new Map(), data };
}

async function decoded(base64: string) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.nii.gz`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return nodeItkBackend.readImage({ path: file, data: new Uint8Array(Buffer.from(base64, 'base64')) });
}

describe('viewer payload', () => {
  it('carries the image at full precision, with its geometry, as NIfTI that ITK reads back identically', async () => {
    const flipped = image([-1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const payload = toMimeBundle(flipped, { level: 40, window: 80 }).data[VIEWER_MIME] as IViewerPayload;
    expect(payload).toMatchObject({ version: 2, step: 1, axes: 'RPS', range: [-1000, -877], level: 40, width: 80, size: [4, 3, 2] });
    const back = await decoded(payload.nifti);
    expect(back.imageType.componentType).toBe('int16');
    expect(Array.from(back.data as Int16Array)).toEqual(Array.from(flipped.data));
    expect(back.spacing.map((s) => +s.toFixed(4))).toEqual([0.5, 0.75, 2.5]);
    expect(back.origin.map((o) => +o.toFixed(4))).toEqual([10, -20, 30]);
    expect(Array.from(back.direction as Float64Array, (v) => Math.round(v))).toEqual([-1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('carries a label map on the same grid', async () => {
    const labels = { ...image(), imageType: { ...imageType, componentType: 'uint8' as const }, data: new Uint8Array(24).map((_, i) => (i === 5 ? 2 : 0)) };
    const payload = toMimeBundle(image(), { labels }).data[VIEWER_MIME] as IViewerPayload;
    const back = await decoded(payload.labels ?? '');
    expect(Array.from(back.data as Uint8Array)).toEqual(Array.from(labels.data));
  });
});

describe('orientation from the direction matrix', () => {
  it('names where each index axis points, oblique axes by their closest anatomical axis', () => {
    expect(axisCodes(image())).toBe('LPS');
    expect(axisCodes(image([-1, 0, 0, 0, 1, 0, 0, 0, 1]))).toBe('RPS');
    expect(axisCodes(image([0, 0, 1, 1, 0, 0, 0, -1, 0]))).toBe('PIL');
    // The GE MR series: tilted 7.7° about x.
    expect(axisCodes(image([1, 0, 0, 0, 0.991, 0.1342, 0, -0.1342, 0.991]))).toBe('LPS');
  });

  it('reorders a flipped image to LPS order for the static picture, so it is not shown mirrored', () => {
    const original = image();
    const flippedData = new Int16Array(24);
    for (let z = 0; z < 2; z++) for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) flippedData[3 - x + 4 * (y + 3 * z)] = original.data[x + 4 * (y + 3 * z)] ?? 0;
    const flipped = { ...image([-1, 0, 0, 0, 1, 0, 0, 0, 1]), data: flippedData };
    expect(Array.from(inLpsOrder(flipped).data as Int16Array)).toEqual(Array.from(original.data));
    expect(toMimeBundle(flipped).data['image/png']).toBe(toMimeBundle(original).data['image/png']);
    expect(toMimeBundle(flipped).data['text/plain']).toContain('index axes towards RPS');
  });
});
