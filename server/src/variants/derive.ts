import { mulberry32 } from '@voxel-academy/kernel/random';
import { evaluateValue, type Bindings } from './expression.js';
import type { DerivationStep, NumberOrExpression } from './spec.js';
import type { IVolume, Vec3, VoxelArray } from '../imaging/volume.js';

/**
 * The operations that turn real teaching data into a learner's variant. Pure functions on
 * volumes in ITK's conventions (LPS, x fastest), so what a learner measures on the variant is
 * what the keys are computed on. Integer images stay integer: values are rounded and clamped.
 */

export class DerivationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerivationError';
  }
}

const num = (v: NumberOrExpression, b: Bindings): number => evaluateValue(v, b);

export function applySteps(volume: IVolume, steps: readonly DerivationStep[], bindings: Bindings, seed: number): IVolume {
  let out = volume;
  steps.forEach((step, i) => {
    if ('rigid' in step) {
      const r = step.rigid;
      out = rigid(out, num(r.angleDeg, bindings), r.translateMm.map((v) => num(v, bindings)), r.centreMm?.map((v) => num(v, bindings)), r.interpolation);
    } else if ('crop' in step) {
      out = crop(out, step.crop.from.map((v) => Math.round(num(v, bindings))) as Vec3, step.crop.size.map((v) => Math.round(num(v, bindings))) as Vec3);
    } else if ('noise' in step) {
      out = addNoise(out, num(step.noise.sigma, bindings), (seed + i * 0x9e3779b9) >>> 0);
    } else {
      out = intensity(out, num(step.intensity.scale, bindings), num(step.intensity.offset, bindings));
    }
  });
  return out;
}

/** Physical centre of the image: origin + D · diag(spacing) · (size − 1) / 2. */
export function imageCentre(v: Pick<IVolume, 'size' | 'spacing' | 'origin' | 'direction'>): Vec3 {
  const half = v.size.map((n, a) => ((n - 1) / 2) * (v.spacing[a] as number));
  const d = v.direction;
  return [0, 1, 2].map((r) => (v.origin[r] as number) + (d[3 * r] as number) * (half[0] as number) + (d[3 * r + 1] as number) * (half[1] as number) + (d[3 * r + 2] as number) * (half[2] as number)) as Vec3;
}

/**
 * Moves the image content by M(x) = R(θ)(x − c) + c + t (rotation about the z axis), so that
 * elastix registering the original (fixed) to the result (moving) recovers θ and t with its
 * default centre of rotation: output(y) = input(M⁻¹(y)), sampled on the same grid.
 */
export function rigid(v: IVolume, angleDeg: number, translate: number[], centre: number[] | undefined, interpolation: 'linear' | 'nearest'): IVolume {
  const c = centre ?? imageCentre(v);
  const theta = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const [tx = 0, ty = 0, tz = 0] = translate;
  const [cx = 0, cy = 0] = c;
  const [nx, ny, nz] = v.size;
  const inv = inverseIndexMap(v);
  const out = newLike(v.data, v.data.length);
  const sample = interpolation === 'nearest' ? nearest : linear;
  for (let k = 0, o = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, o++) {
        const [x, y, z] = physical(v, i, j, k);
        // M⁻¹(y) = R(−θ)(y − c − t) + c
        const dx = x - cx - tx;
        const dy = y - cy - ty;
        const px = cos * dx + sin * dy + cx;
        const py = -sin * dx + cos * dy + cy;
        const pz = z - tz;
        const [fi, fj, fk] = inv(px, py, pz);
        out[o] = sample(v, fi, fj, fk);
      }
    }
  }
  return { ...v, data: roundInto(v.data, out) };
}

export function crop(v: IVolume, from: Vec3, size: Vec3): IVolume {
  for (let a = 0; a < 3; a++) {
    const f = from[a] as number;
    const n = size[a] as number;
    if (f < 0 || n < 1 || f + n > (v.size[a] as number)) {
      throw new DerivationError(`crop from ${from.join(',')} size ${size.join(',')} does not fit in ${v.size.join('×')} along axis ${a}`);
    }
  }
  const [nx, ny] = v.size;
  const out = newLike(v.data, size[0] * size[1] * size[2]);
  for (let k = 0, o = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const row = from[0] + nx * (from[1] + j + ny * (from[2] + k));
      for (let i = 0; i < size[0]; i++, o++) out[o] = v.data[row + i] as number;
    }
  }
  return { ...v, size: [...size], origin: physical(v, from[0], from[1], from[2]), data: out };
}

export function addNoise(v: IVolume, sigma: number, seed: number): IVolume {
  if (!(sigma >= 0)) throw new DerivationError(`noise sigma must be ≥ 0 (got ${sigma})`);
  const next = mulberry32(seed);
  const out = new Float64Array(v.data.length);
  for (let i = 0; i < out.length; i += 2) {
    // Box–Muller: two independent normal samples per pair of uniforms.
    const u = Math.max(next(), 1e-12);
    const r = sigma * Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * next();
    out[i] = (v.data[i] as number) + r * Math.cos(a);
    if (i + 1 < out.length) out[i + 1] = (v.data[i + 1] as number) + r * Math.sin(a);
  }
  return { ...v, data: roundInto(v.data, out) };
}

export function intensity(v: IVolume, scale: number, offset: number): IVolume {
  const out = Float64Array.from(v.data as ArrayLike<number>, (x) => x * scale + offset);
  return { ...v, data: roundInto(v.data, out) };
}

function physical(v: IVolume, i: number, j: number, k: number): Vec3 {
  const si = i * v.spacing[0];
  const sj = j * v.spacing[1];
  const sk = k * v.spacing[2];
  const d = v.direction;
  return [0, 1, 2].map((r) => (v.origin[r] as number) + (d[3 * r] as number) * si + (d[3 * r + 1] as number) * sj + (d[3 * r + 2] as number) * sk) as Vec3;
}

/** Physical point → continuous index, for an orthonormal direction matrix: diag(1/s) Dᵀ (p − o). */
function inverseIndexMap(v: IVolume): (x: number, y: number, z: number) => Vec3 {
  const d = v.direction;
  return (x, y, z) => {
    const px = x - v.origin[0];
    const py = y - v.origin[1];
    const pz = z - v.origin[2];
    return [0, 1, 2].map((c) => ((d[c] as number) * px + (d[3 + c] as number) * py + (d[6 + c] as number) * pz) / (v.spacing[c] as number)) as Vec3;
  };
}

function at(v: IVolume, i: number, j: number, k: number): number {
  const [nx, ny, nz] = v.size;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
  return v.data[i + nx * (j + ny * k)] as number;
}

function nearest(v: IVolume, fi: number, fj: number, fk: number): number {
  return at(v, Math.round(fi), Math.round(fj), Math.round(fk));
}

/** Trilinear (bilinear for 2D images); outside the image counts as 0, as ITK's default. */
function linear(v: IVolume, fi: number, fj: number, fk: number): number {
  const flat = v.size[2] === 1;
  const k0 = flat ? 0 : Math.floor(fk);
  const wk = flat ? 0 : fk - k0;
  if (flat && Math.abs(fk) > 0.5) return 0;
  const i0 = Math.floor(fi);
  const j0 = Math.floor(fj);
  const wi = fi - i0;
  const wj = fj - j0;
  let sum = 0;
  for (let dk = 0; dk <= (flat ? 0 : 1); dk++) {
    const ck = dk ? wk : 1 - wk;
    if (ck === 0) continue;
    for (let dj = 0; dj <= 1; dj++) {
      const cj = dj ? wj : 1 - wj;
      if (cj === 0) continue;
      for (let di = 0; di <= 1; di++) {
        const ci = di ? wi : 1 - wi;
        if (ci !== 0) sum += ci * cj * ck * at(v, i0 + di, j0 + dj, k0 + dk);
      }
    }
  }
  return sum;
}

function newLike(like: VoxelArray, length: number): VoxelArray {
  const Ctor = like.constructor as new (n: number) => VoxelArray;
  return new Ctor(length);
}

const RANGES: Record<string, [number, number]> = {
  Uint8Array: [0, 255],
  Int8Array: [-128, 127],
  Uint16Array: [0, 65535],
  Int16Array: [-32768, 32767],
  Uint32Array: [0, 4294967295],
  Int32Array: [-2147483648, 2147483647]
};

/** Values into an array of `like`'s type: rounded and clamped for integer types. */
function roundInto(like: VoxelArray, values: ArrayLike<number>): VoxelArray {
  const out = newLike(like, values.length);
  const range = RANGES[like.constructor.name];
  if (!range) {
    for (let i = 0; i < values.length; i++) out[i] = values[i] as number;
    return out;
  }
  const [lo, hi] = range;
  for (let i = 0; i < values.length; i++) out[i] = Math.min(hi, Math.max(lo, Math.round(values[i] as number)));
  return out;
}

