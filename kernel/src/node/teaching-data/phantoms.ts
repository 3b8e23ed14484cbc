import type { IImageIo } from './convert.js';
import { dicomSeriesTar } from './dicom-phantom.js';
import { makeImage, type IGeometry } from './images.js';

/**
 * Generated stand-ins for the teaching datasets, used when the real data cannot be fetched:
 * the same ids, files, grids and value ranges (HU for the CT, MR-like intensities for the
 * brains) so lessons still run, though measured values will not match the assessment keys.
 * Everything is deterministic (fixed shapes, a seeded noise generator).
 */

type Tissue = 'air' | 'scalp' | 'skull' | 'csf' | 'gm' | 'wm';

/** Tissue at a point given in head-ellipsoid units (1 = the scalp surface). */
function tissueAt(u: number, v: number, w: number): Tissue {
  const r = Math.hypot(u, v, w);
  if (r > 1) return 'air';
  if (r > 0.93) return 'scalp';
  if (r > 0.85) return 'skull';
  if (r > 0.82) return 'csf';
  // Two lateral ventricles near the centre.
  for (const side of [-0.12, 0.12]) if (Math.hypot((u - side) / 0.08, v / 0.3, (w - 0.1) / 0.15) < 1) return 'csf';
  return r > 0.7 ? 'gm' : 'wm';
}

const CT_HU: Record<Tissue, number> = { air: -1000, scalp: 40, skull: 1200, csf: 8, gm: 40, wm: 28 };
const T1: Record<Tissue, number> = { air: 0, scalp: 170, skull: 25, csf: 40, gm: 110, wm: 165 };
const PD: Record<Tissue, number> = { air: 0, scalp: 160, skull: 20, csf: 220, gm: 150, wm: 110 };

/** A small linear congruential generator: noise that is the same on every machine. */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

interface IHead {
  geometry: IGeometry;
  /** Head centre and semi-axes in mm, in index-aligned physical axes. */
  centre: number[];
  axes: number[];
  /** Rigid motion of the head within the 2D plane: rotation (degrees) about the centre, then shift (mm). */
  rotateDeg?: number;
  shift?: [number, number];
}

function render(head: IHead, values: Record<Tissue, number>, amplitude: number, seed: number): number[] {
  const [nx = 1, ny = 1, nz = 1] = head.geometry.size;
  const [sx = 1, sy = 1, sz = 1] = head.geometry.spacing;
  const [cx = 0, cy = 0, cz = 0] = head.centre;
  const [ax = 1, ay = 1, az = 1] = head.axes;
  const angle = ((head.rotateDeg ?? 0) * Math.PI) / 180;
  const [tx, ty] = head.shift ?? [0, 0];
  const rand = noise(seed);
  const out: number[] = new Array(nx * ny * nz);
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        // Undo the motion: where in the unmoved head does this pixel come from?
        const px = x * sx - cx - tx;
        const py = y * sy - cy - ty;
        const hx = Math.cos(angle) * px + Math.sin(angle) * py;
        const hy = -Math.sin(angle) * px + Math.cos(angle) * py;
        const t = tissueAt(hx / ax, hy / ay, (z * sz - cz) / az);
        out[i++] = values[t] + (t === 'air' ? 0 : amplitude * rand());
      }
    }
  }
  return out;
}

const CT_GEOMETRY: IGeometry = { size: [256, 256, 108], spacing: [0.9570312, 0.9570312, 1.5], origin: [0, 0, 0] };
const CT_HEAD: IHead = { geometry: CT_GEOMETRY, centre: [122, 118, 95], axes: [72, 92, 85] };
const COLIN_GEOMETRY: IGeometry = { size: [181, 217, 181], spacing: [1, 1, 1], origin: [90, 125, -71], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
const COLIN_HEAD: IHead = { geometry: COLIN_GEOMETRY, centre: [90, 110, 85], axes: [78, 98, 80] };
const SLICE_GEOMETRY: IGeometry = { size: [221, 257], spacing: [1, 1], origin: [0, 0] };
const SLICE_HEAD: IHead = { geometry: SLICE_GEOMETRY, centre: [110, 128, 0], axes: [78, 98, 80] };
const SMALL_GEOMETRY: IGeometry = { size: [128, 128, 62], spacing: [2, 2, 3], origin: [0, 0, 0] };
const SMALL_HEAD: IHead = { geometry: SMALL_GEOMETRY, centre: [128, 128, 90], axes: [75, 95, 80] };

const clampU8 = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

// The CT and its two masks come from one rendering.
let ctCache: Int16Array | null = null;
function headCt(): Int16Array {
  ctCache ??= Int16Array.from(render(CT_HEAD, CT_HU, 30, 1), (v) => Math.max(-1024, Math.round(v)));
  return ctCache;
}

function threshold(data: ArrayLike<number>, low: number): Uint8Array {
  return Uint8Array.from(data, (v) => (v >= low ? 1 : 0));
}

/** Brain labels for the atlas phantom: eight regions (left/right × front/back × upper/lower). */
function colinAtlas(): Uint8Array {
  const tissues = render(COLIN_HEAD, { air: 0, scalp: 0, skull: 0, csf: 0, gm: 1, wm: 1 }, 0, 0);
  const [nx = 1, ny = 1] = COLIN_GEOMETRY.size;
  const [cx = 0, cy = 0, cz = 0] = COLIN_HEAD.centre;
  return Uint8Array.from(tissues, (inBrain, i) => {
    if (!inBrain) return 0;
    const x = i % nx;
    const y = Math.floor(i / nx) % ny;
    const z = Math.floor(i / (nx * ny));
    return 1 + (x < cx ? 0 : 1) + (y < cy ? 0 : 2) + (z < cz ? 0 : 4);
  });
}

type Generator = (io: IImageIo) => Promise<Uint8Array>;

const nifti = (geometry: IGeometry, type: 'int16' | 'uint8', data: () => Int16Array | Uint8Array): Generator => (io) => io.writeImage(makeImage(type, geometry, data()), 'phantom.nii.gz');
const u8 = (head: IHead, values: Record<Tissue, number>, seed: number) => () => Uint8Array.from(render(head, values, 12, seed), clampU8);

const GENERATORS: Record<string, Generator> = {
  'head-ct': nifti(CT_GEOMETRY, 'int16', headCt),
  'head-ct-bone': nifti(CT_GEOMETRY, 'uint8', () => threshold(headCt(), 226)),
  'head-ct-head': nifti(CT_GEOMETRY, 'uint8', () => threshold(headCt(), -142)),
  'mr-dicom': async () => dicomSeriesTar(render({ geometry: { size: [128, 128, 19], spacing: [1.72, 1.72, 7], origin: [0, 0, 0] }, centre: [110, 118, 63], axes: [72, 92, 85] }, PD, 20, 2)),
  'colin27-t1': nifti(COLIN_GEOMETRY, 'uint8', u8(COLIN_HEAD, T1, 3)),
  'colin27-brain-mask': nifti(COLIN_GEOMETRY, 'uint8', () => Uint8Array.from(colinAtlas(), (v) => (v > 0 ? 1 : 0))),
  'colin27-atlas': nifti(COLIN_GEOMETRY, 'uint8', colinAtlas),
  'brain-t1-slice': nifti(SLICE_GEOMETRY, 'uint8', u8(SLICE_HEAD, T1, 4)),
  'brain-pd-slice': nifti(SLICE_GEOMETRY, 'uint8', u8(SLICE_HEAD, PD, 5)),
  'brain-pd-shifted': nifti(SLICE_GEOMETRY, 'uint8', u8({ ...SLICE_HEAD, shift: [13, 17] }, PD, 5)),
  'brain-pd-rotated': nifti(SLICE_GEOMETRY, 'uint8', u8({ ...SLICE_HEAD, rotateDeg: 10, shift: [13, 17] }, PD, 5)),
  'itk-pd-shifted': nifti(SLICE_GEOMETRY, 'uint8', u8({ ...SLICE_HEAD, shift: [13, 17] }, PD, 5)),
  'itk-pd-rotated': nifti(SLICE_GEOMETRY, 'uint8', u8({ ...SLICE_HEAD, rotateDeg: 10, shift: [13, 17] }, PD, 5)),
  'brain-t1-3d': nifti(SMALL_GEOMETRY, 'int16', () => Int16Array.from(render(SMALL_HEAD, T1, 12, 6), clampU8)),
  'brain-t1-3d-stripped': nifti(SMALL_GEOMETRY, 'uint8', () => Uint8Array.from(render(SMALL_HEAD, { air: 0, scalp: 0, skull: 0, csf: 4, gm: 5, wm: 6 }, 0, 0), clampU8))
};

/** The phantom file for a dataset id, in the dataset's own format. */
export async function phantomFor(id: string, io: IImageIo): Promise<Uint8Array> {
  const generate = GENERATORS[id];
  if (!generate) throw new Error(`no phantom is defined for dataset "${id}"`);
  return generate(io);
}
