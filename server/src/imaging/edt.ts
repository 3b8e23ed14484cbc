import type { Vec3 } from './volume.js';

/**
 * Exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher 2012): the squared
 * distance from every voxel to the nearest site, in mm², with anisotropic spacing. Separable,
 * so it costs O(voxels) — three 1D passes, each the lower envelope of parabolas rooted at the
 * sites' values. Voxels with no site anywhere get Infinity.
 */
export function squaredEdt(sites: Uint8Array, dims: Vec3, spacing: Vec3, out: Float64Array = new Float64Array(sites.length)): Float64Array {
  const [nx, ny, nz] = dims;
  const n = Math.max(nx, ny, nz);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);

  // Along x the nearest site is found by two sweeps; this pass seeds the envelope passes.
  const sx2 = spacing[0] * spacing[0];
  for (let row = 0; row < ny * nz; row++) {
    const base = row * nx;
    let last = -Infinity;
    for (let x = 0; x < nx; x++) {
      if (sites[base + x] !== 0) last = x;
      out[base + x] = x - last; // Infinity before the first site
    }
    last = Infinity;
    for (let x = nx - 1; x >= 0; x--) {
      if (sites[base + x] !== 0) last = x;
      const g = Math.min(out[base + x], last - x);
      out[base + x] = g === Infinity ? Infinity : g * g * sx2;
    }
  }
  if (ny > 1) {
    for (let k = 0; k < nz; k++) {
      for (let i = 0; i < nx; i++) lineEnvelope(out, k * nx * ny + i, nx, ny, spacing[1], f, d, v, z);
    }
  }
  if (nz > 1) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) lineEnvelope(out, j * nx + i, nx * ny, nz, spacing[2], f, d, v, z);
    }
  }
  return out;
}

/** One 1D pass in place on out[start + t·stride], t < len, positions t·step mm. */
function lineEnvelope(
  out: Float64Array, start: number, stride: number, len: number, step: number,
  f: Float64Array, d: Float64Array, v: Int32Array, z: Float64Array
): void {
  for (let t = 0, o = start; t < len; t++, o += stride) f[t] = out[o];
  // Infinite values are left out of the envelope: they never win and would make NaN below.
  let k = -1;
  for (let q = 0; q < len; q++) {
    const fq = f[q];
    if (fq === Infinity) continue;
    const pq = q * step;
    let s = -Infinity;
    while (k >= 0) {
      const pv = v[k] * step;
      s = (fq + pq * pq - (f[v[k]] + pv * pv)) / (2 * (pq - pv));
      if (s > z[k]) break;
      k--;
    }
    k++;
    v[k] = q;
    z[k] = k === 0 ? -Infinity : s;
    z[k + 1] = Infinity;
  }
  if (k < 0) return; // no site on this line: stays Infinity
  k = 0;
  for (let q = 0; q < len; q++) {
    const pq = q * step;
    while (z[k + 1] < pq) k++;
    const dx = pq - v[k] * step;
    d[q] = dx * dx + f[v[k]];
  }
  for (let t = 0, o = start; t < len; t++, o += stride) out[o] = d[t];
}
