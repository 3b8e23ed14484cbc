import { describe, expect, it } from 'vitest';
import { toMimeBundle, VIEWER_MIME, type IViewerPayload } from '@voxel-academy/kernel';
import { ViewerVolume } from '../src/viewer/volume';

/** 4×3×2 image whose value is its x index; label 1 on the voxel (1, 1, 1). */
function bundle(): IViewerPayload {
  const size = [4, 3, 2];
  const data = new Float32Array(24).map((_, i) => i % 4);
  const labels = new Uint8Array(24);
  labels[(1 * 3 + 1) * 4 + 1] = 1;
  const imageType = { dimension: 3, componentType: 'float32', pixelType: 'Scalar', components: 1 };
  const image = { imageType, size, spacing: [1, 1, 2], origin: [0, 0, 0], data };
  const mask = { ...image, imageType: { ...imageType, componentType: 'uint8' }, data: labels };
  return toMimeBundle(image, { level: 1.5, window: 3, labels: mask }).data[VIEWER_MIME] as IViewerPayload;
}

describe('slice viewer volume', () => {
  it('renders axial slices with the window applied', () => {
    const v = new ViewerVolume(bundle());
    expect(v.depth(2)).toBe(2);
    const img = v.render(2, 0, 1.5, 3, false);
    expect([img.width, img.height]).toEqual([4, 3]);
    const firstRow = [0, 1, 2, 3].map((x) => img.data[x * 4]);
    expect(firstRow).toEqual([0, 85, 170, 255]);
  });

  it('orients coronal and sagittal slices head up, with physical spacing', () => {
    const v = new ViewerVolume(bundle());
    expect(v.plane(1)).toEqual({ width: 4, height: 2, spacing: [1, 2] });
    expect(v.plane(0)).toEqual({ width: 3, height: 2, spacing: [1, 2] });
  });

  it('blends labels in, and leaves them out when asked', () => {
    const v = new ViewerVolume(bundle());
    const withLabels = v.render(2, 1, 1.5, 3, true);
    const without = v.render(2, 1, 1.5, 3, false);
    const o = (1 * 4 + 1) * 4;
    expect(Array.from(without.data.slice(o, o + 3))).toEqual([85, 85, 85]);
    expect(Array.from(withLabels.data.slice(o, o + 3))).toEqual([157, 122, 42]);
  });
});
