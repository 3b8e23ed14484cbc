import type { Vec3 } from '../../src/imaging/volume.js';

/**
 * Reference implementations written the slow, obvious way, to check the fast ones against.
 */
export function bruteBorder(mask: Uint8Array, size: Vec3): Vec3[] {
  const [nx, ny, nz] = size;
  const at = (x: number, y: number, z: number): number =>
    x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? 0 : mask[(z * ny + y) * nx + x];
  const out: Vec3[] = [];
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        if (!at(x, y, z)) continue;
        const neighbours = [at(x - 1, y, z), at(x + 1, y, z), at(x, y - 1, z), at(x, y + 1, z), at(x, y, z - 1), at(x, y, z + 1)];
        if (neighbours.includes(0)) out.push([x, y, z]);
      }
    }
  }
  return out;
}

export function bruteDirected(from: Vec3[], to: Vec3[], spacing: Vec3): number[] {
  return from.map((p) =>
    Math.min(...to.map((q) => Math.hypot((p[0] - q[0]) * spacing[0], (p[1] - q[1]) * spacing[1], (p[2] - q[2]) * spacing[2])))
  );
}

export interface IBruteMetrics {
  dice: number;
  jaccard: number;
  hausdorff: number;
  hd95: number;
}

export function bruteMetrics(a: Uint8Array, b: Uint8Array, size: Vec3, spacing: Vec3): IBruteMetrics {
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    na += a[i];
    nb += b[i];
    both += a[i] & b[i];
  }
  const ba = bruteBorder(a, size);
  const bb = bruteBorder(b, size);
  const pooled = [...bruteDirected(ba, bb, spacing), ...bruteDirected(bb, ba, spacing)].sort((x, y) => x - y);
  return {
    dice: (2 * both) / (na + nb),
    jaccard: both / (na + nb - both),
    hausdorff: pooled[pooled.length - 1],
    // nearest rank: smallest value with ≥ 95 % of values at or below it
    hd95: pooled[Math.ceil(0.95 * pooled.length) - 1]
  };
}
