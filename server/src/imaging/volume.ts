/**
 * An image on a physical grid, in the conventions ITK (and so itk-wasm, SimpleITK and the
 * notebooks) uses: LPS physical coordinates in mm, x fastest in `data`, and `direction` as a
 * row-major 3×3 matrix whose columns are the index axes' unit vectors. Keeping to ITK's
 * conventions means the geometry a learner prints in a notebook is the geometry we compare.
 */
export type VoxelArray =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

export type Vec3 = [number, number, number];

export interface IVolume {
  /** Voxels along i, j, k; a 2D image has size[2] === 1. */
  size: Vec3;
  /** mm between voxel centres along i, j, k. */
  spacing: Vec3;
  /** LPS position (mm) of the centre of voxel (0, 0, 0). */
  origin: Vec3;
  /** 9 numbers, row-major; column c is the LPS unit vector of index axis c. */
  direction: number[];
  data: VoxelArray;
}

export const IDENTITY_DIRECTION: readonly number[] = Object.freeze([1, 0, 0, 0, 1, 0, 0, 0, 1]);

export function voxelCount(size: Vec3): number {
  return size[0] * size[1] * size[2];
}

/** LPS position in mm of a (possibly fractional) voxel index. */
export function indexToPhysical(volume: Pick<IVolume, 'spacing' | 'origin' | 'direction'>, index: Vec3): Vec3 {
  const { spacing, origin, direction: d } = volume;
  const si = index[0] * spacing[0];
  const sj = index[1] * spacing[1];
  const sk = index[2] * spacing[2];
  return [
    origin[0] + d[0] * si + d[1] * sj + d[2] * sk,
    origin[1] + d[3] * si + d[4] * sj + d[5] * sk,
    origin[2] + d[6] * si + d[7] * sj + d[8] * sk
  ];
}

/** Volume of one voxel in mL (spacing is in mm; 1 mL = 1000 mm³). */
export function voxelVolumeMl(spacing: Vec3): number {
  return (spacing[0] * spacing[1] * spacing[2]) / 1000;
}

const FIX = 'resample it onto the reference grid (same size, spacing, origin and direction).';

/** Short, readable numbers: enough digits to show the difference, no float noise. */
function num(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function triple(values: readonly number[], sep: string): string {
  return values.map(num).join(sep);
}

/**
 * Physical quantities are compared relative to their magnitude (floor 1 mm) because NIfTI
 * stores geometry as float32: a 200 mm origin survives a round trip only to ~1e-5 mm.
 */
function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

function allClose(a: readonly number[], b: readonly number[], tol: number, relative: boolean): boolean {
  if (a.length !== b.length) return false;
  return a.every((v, i) => (relative ? close(v, b[i], tol) : Math.abs(v - b[i]) <= tol));
}

/**
 * Why `answer` cannot be compared voxel-by-voxel with `reference`, as a sentence a learner can
 * act on, or null when the grids agree. Checked in the order a learner should fix them.
 */
export function geometryMismatch(answer: IVolume, reference: IVolume, tol = 1e-3): string | null {
  if (!answer.size.every((v, i) => v === reference.size[i])) {
    return `Your image is ${triple(answer.size, '×')} voxels but the reference is ${triple(reference.size, '×')}: ${FIX}`;
  }
  if (!allClose(answer.spacing, reference.spacing, tol, true)) {
    return (
      `Your image's voxel spacing is ${triple(answer.spacing, ' × ')} mm but the reference's is ` +
      `${triple(reference.spacing, ' × ')} mm: ${FIX}`
    );
  }
  if (!allClose(answer.origin, reference.origin, tol, true)) {
    return (
      `Your image's origin is (${triple(answer.origin, ', ')}) mm but the reference's is ` +
      `(${triple(reference.origin, ', ')}) mm (LPS): ${FIX}`
    );
  }
  // Direction cosines are unitless and bounded by 1, so an absolute tolerance is right here.
  if (!allClose(answer.direction, reference.direction, tol, false)) {
    const rows = (d: readonly number[]): string => `[${[0, 3, 6].map((r) => triple(d.slice(r, r + 3), ' ')).join('; ')}]`;
    return (
      `Your image's direction matrix is ${rows(answer.direction)} but the reference's is ` +
      `${rows(reference.direction)} (LPS, row-major): ${FIX}`
    );
  }
  if (answer.data.length !== voxelCount(answer.size) || reference.data.length !== voxelCount(reference.size)) {
    return 'The image data does not match its declared size; re-save the image and upload it again.';
  }
  return null;
}
