// Connected-component labelling of binary masks.
//
// Label order: labels 1..count are assigned in raster order of each
// component's first voxel (x fastest, then y, then z — the itk-wasm buffer
// order, which is also numpy C order of the (z, y, x) array). This is the order
// scipy.ndimage.label produces, so results compare voxel for voxel.
import type { Image } from 'itk-wasm';
import { deriveImage, gridOf, maskValues, type Grid } from './image-utils.js';

/** 4/8 for 2D; 6 (faces), 18 (faces+edges), 26 (faces+edges+corners) for 3D. */
export type Connectivity = 4 | 8 | 6 | 18 | 26;

export interface ComponentsResult {
  /** uint32 label image, 0 = background. */
  readonly labels: Image;
  readonly count: number;
}

/** Face connectivity is the default, as in scipy.ndimage.label and ITK's ConnectedComponentImageFilter. */
export function defaultConnectivity(dimension: number): Connectivity {
  return dimension === 3 ? 6 : 4;
}

/**
 * Offsets to already-visited neighbours (raster predecessors); a single forward
 * scan with these is enough for union-find to join every adjacent pair.
 */
function backwardOffsets(grid: Grid, connectivity: Connectivity): [number, number, number][] {
  const allowed = grid.dimension === 3 ? { 6: 1, 18: 2, 26: 3 } : { 4: 1, 8: 2 };
  const maxNonZero = (allowed as Partial<Record<Connectivity, number>>)[connectivity];
  if (maxNonZero === undefined) {
    throw new Error(`connectedComponents: connectivity ${connectivity} is not valid for a ${grid.dimension}D image`);
  }
  const dzRange = grid.dimension === 3 ? [-1, 0, 1] : [0];
  const out: [number, number, number][] = [];
  for (const dz of dzRange) {
    for (const dy of [-1, 0, 1]) {
      for (const dx of [-1, 0, 1]) {
        const before = dz < 0 || (dz === 0 && (dy < 0 || (dy === 0 && dx < 0)));
        const nonZero = (dx !== 0 ? 1 : 0) + (dy !== 0 ? 1 : 0) + (dz !== 0 ? 1 : 0);
        if (before && nonZero <= maxNonZero) out.push([dx, dy, dz]);
      }
    }
  }
  return out;
}

function find(parent: Int32Array, a: number): number {
  let root = a;
  while (parent[root] !== root) root = parent[root];
  // Path compression keeps later finds near O(1).
  while (parent[a] !== root) {
    const next = parent[a];
    parent[a] = root;
    a = next;
  }
  return root;
}

function labelData(mask: Uint8Array, grid: Grid, connectivity: Connectivity): { labels: Uint32Array; count: number } {
  const { nx, ny, nz } = grid;
  const offsets = backwardOffsets(grid, connectivity);
  // Each foreground voxel starts as its own set keyed by its index, so no provisional label table is needed.
  const parent = new Int32Array(mask.length);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        if (mask[i] === 0) continue;
        parent[i] = i;
        for (const [dx, dy, dz] of offsets) {
          const xx = x + dx;
          const yy = y + dy;
          const zz = z + dz;
          if (xx < 0 || xx >= nx || yy < 0 || yy >= ny || zz < 0) continue;
          const j = xx + nx * (yy + ny * zz);
          if (mask[j] === 0) continue;
          const ri = find(parent, i);
          const rj = find(parent, j);
          // The smaller index wins, so roots are always the earliest voxel of their set.
          if (ri < rj) parent[rj] = ri;
          else if (rj < ri) parent[ri] = rj;
        }
      }
    }
  }
  const labels = new Uint32Array(mask.length);
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    const root = find(parent, i);
    // Roots are first voxels, so a root is always visited before the rest of its component.
    labels[i] = root === i ? ++count : labels[root];
  }
  return { labels, count };
}

/** Label the connected foreground (nonzero) regions of `mask`. */
export function connectedComponents(mask: Image, connectivity?: Connectivity): ComponentsResult {
  const grid = gridOf(mask);
  const { labels, count } = labelData(maskValues(mask), grid, connectivity ?? defaultConnectivity(grid.dimension));
  return { labels: deriveImage(mask, labels, 'uint32'), count };
}

/**
 * Mask (uint8 0/1) of the component with the most voxels; ties go to the lower
 * label (earlier first voxel). An empty mask gives an empty mask.
 */
export function largestComponent(mask: Image, connectivity?: Connectivity): Image {
  const grid = gridOf(mask);
  const { labels, count } = labelData(maskValues(mask), grid, connectivity ?? defaultConnectivity(grid.dimension));
  const sizes = new Float64Array(count + 1);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
  let best = 0;
  for (let l = 1; l <= count; l++) if (best === 0 || sizes[l] > sizes[best]) best = l;
  const out = new Uint8Array(labels.length);
  if (best > 0) for (let i = 0; i < labels.length; i++) out[i] = labels[i] === best ? 1 : 0;
  return deriveImage(mask, out, 'uint8');
}
