import type { IImageLike } from './format.js';

/**
 * Anatomical orientation from an image's direction matrix (ITK: row-major, its columns are the
 * index axes in patient LPS coordinates: +x left, +y posterior, +z superior).
 */

const POSITIVE = ['L', 'P', 'S'] as const;
const NEGATIVE = ['R', 'A', 'I'] as const;

/** The 3×3 direction, identity when the image has none (or is 2D: its plane is axial). */
export function direction3(image: Pick<IImageLike, 'direction' | 'size'>): number[] {
  const d = image.direction ? Array.from(image.direction, Number) : [];
  if (d.length === 9) return d;
  if (d.length === 4) return [d[0] ?? 1, d[1] ?? 0, 0, d[2] ?? 0, d[3] ?? 1, 0, 0, 0, 1];
  return [1, 0, 0, 0, 1, 0, 0, 0, 1];
}

/**
 * Where each index axis points, e.g. "LPS" for an identity direction and "RPS" when the first
 * axis runs right-ward (a flipped acquisition). Oblique axes take their closest anatomical axis.
 */
export function axisCodes(image: Pick<IImageLike, 'direction' | 'size'>): string {
  const d = direction3(image);
  let codes = '';
  for (let col = 0; col < 3; col++) {
    const column = [d[col] ?? 0, d[3 + col] ?? 0, d[6 + col] ?? 0];
    const main = column.reduce((best, v, row) => (Math.abs(v) > Math.abs(column[best] ?? 0) ? row : best), 0);
    codes += (column[main] ?? 0) >= 0 ? POSITIVE[main] : NEGATIVE[main];
  }
  return codes;
}

/**
 * For each LPS axis, the index axis closest to it and whether it runs the other way: the
 * permutation that brings an image to LPS order (i → left, j → posterior, k → superior).
 */
export function toLpsOrder(image: Pick<IImageLike, 'direction' | 'size'>): Array<{ axis: number; flip: boolean }> {
  const codes = axisCodes(image);
  return [0, 1, 2].map((lps) => {
    const axis = [...codes].findIndex((c) => c === POSITIVE[lps] || c === NEGATIVE[lps]);
    return { axis: axis < 0 ? lps : axis, flip: axis >= 0 && codes[axis] === NEGATIVE[lps] };
  });
}

/**
 * The image's voxels reordered so that i runs to the patient's left, j posterior and k superior
 * (nearest axes; oblique tilts are not resampled). Shown in index order this is radiological
 * convention: patient right on screen left, anterior up in axial slices. Returns the image as
 * it is when it already is in that order.
 */
export function inLpsOrder<T extends IImageLike>(image: T): T {
  if (image.size.length < 3 || !image.data) return image;
  const order = toLpsOrder(image);
  if (order.every((o, i) => o.axis === i && !o.flip)) return image;
  const comps = image.imageType.components || 1;
  const src = image.data as unknown as { length: number; [i: number]: number | bigint } & { constructor: new (n: number) => ArrayBufferView };
  const size = order.map((o) => image.size[o.axis] ?? 1);
  const [sx = 1, sy = 1] = image.size;
  const out = new src.constructor(src.length) as unknown as { [i: number]: number | bigint };
  const stride = [1, sx, sx * sy];
  const [nx = 1, ny = 1, nz = 1] = size;
  let o = 0;
  const idx = [0, 0, 0];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const at = [x, y, z];
        for (let a = 0; a < 3; a++) {
          const { axis, flip } = order[a] as { axis: number; flip: boolean };
          idx[axis] = flip ? (size[a] ?? 1) - 1 - (at[a] ?? 0) : (at[a] ?? 0);
        }
        const from = ((idx[0] ?? 0) * (stride[0] ?? 1) + (idx[1] ?? 0) * (stride[1] ?? 1) + (idx[2] ?? 0) * (stride[2] ?? 1)) * comps;
        for (let c = 0; c < comps; c++) out[o++] = src[from + c] as number;
      }
  return { ...image, size, spacing: order.map((ord) => image.spacing[ord.axis] ?? 1), direction: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), data: out as unknown as ArrayBufferView };
}
