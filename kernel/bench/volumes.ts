import type { Image } from 'itk-wasm';

/**
 * A smooth blob with a texture, n³ float32 voxels of 1 mm, the whole pattern moved by `shift`
 * (mm): registration has something to align, and the answer is known.
 */
export function blob(n: number, shift: [number, number, number] = [0, 0, 0]): Image {
  const data = new Float32Array(n ** 3);
  const sigma2 = 2 * (n / 6) ** 2;
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const [dx, dy, dz] = [x - n / 2 - shift[0], y - n / 2 - shift[1], z - n / 2 - shift[2]];
        const texture = 10 * Math.sin(dx / 3) * Math.cos(dy / 4) * Math.sin(dz / 5);
        data[(z * n + y) * n + x] = 100 * Math.exp(-(dx * dx + dy * dy + dz * dz) / sigma2) + texture;
      }
  return {
    imageType: { dimension: 3, componentType: 'float32', pixelType: 'Scalar', components: 1 },
    name: 'blob',
    origin: [0, 0, 0],
    spacing: [1, 1, 1],
    direction: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]),
    size: [n, n, n],
    metadata: new Map(),
    data
  };
}

export interface ICallTimes {
  readFirstMs: number;
  readWarmMs: number;
  downsampleFirstMs: number;
  downsampleWarmMs: number;
  elastixFirstMs: number;
  elastixWarmMs: number;
  /** The translation elastix found (moving → fixed), to show the result is right, not just fast. */
  translation: number[];
}
