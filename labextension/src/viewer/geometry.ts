import type { IViewerPayload } from '@voxel-academy/kernel/display';

/** Window presets in Hounsfield units (level = centre, width = range from black to white). */
export const WINDOW_PRESETS = {
  'ct-brain': { level: 40, width: 80 },
  'ct-soft-tissue': { level: 50, width: 400 },
  'ct-bone': { level: 600, width: 2800 },
  'ct-lung': { level: -600, width: 1500 }
} as const;
export type PresetId = keyof typeof WINDOW_PRESETS | 'image';

/** The window a preset stands for; 'image' is the one `display(image, …)` chose. */
export function windowOf(preset: PresetId, payload: Pick<IViewerPayload, 'level' | 'width'>): { level: number; width: number } {
  return preset === 'image' ? { level: payload.level, width: payload.width } : WINDOW_PRESETS[preset];
}

/** Display range for a window: values below `min` show black, above `max` white. */
export function calRange(window: { level: number; width: number }): { min: number; max: number } {
  const width = Math.max(window.width, 1e-6);
  return { min: window.level - width / 2, max: window.level + width / 2 };
}

export type Convention = 'radiological' | 'neurological';
/** niivue's tiles: 0 axial, 1 coronal, 2 sagittal. */
export type Plane = 0 | 1 | 2;

/**
 * The anatomical side at each edge of a plane as drawn. The volume is drawn in patient space
 * (from its direction matrix), so these hold for any acquisition; only the convention (patient
 * right on screen left, or left) and niivue's sagittal view (nose to the right) decide them.
 */
export function edgeLabels(plane: Plane, convention: Convention): { left: string; right: string; top: string; bottom: string } {
  const [left, right] = convention === 'radiological' ? ['R', 'L'] : ['L', 'R'];
  if (plane === 0) return { left, right, top: 'A', bottom: 'P' };
  if (plane === 1) return { left, right, top: 'S', bottom: 'I' };
  return { left: 'P', right: 'A', top: 'S', bottom: 'I' };
}

/** NIfTI/niivue world coordinates are RAS; ITK's (and the lessons') LPS. */
export function rasToLps(mm: ArrayLike<number>): [number, number, number] {
  return [-(mm[0] ?? 0), -(mm[1] ?? 0), mm[2] ?? 0];
}

/**
 * The voxel of the original image (before the payload's subsampling) at an LPS point: the
 * inverse of origin + D · diag(spacing) · index, rounded to the nearest voxel centre.
 */
export function voxelAt(payload: Pick<IViewerPayload, 'origin' | 'spacing' | 'direction' | 'step'>, lps: [number, number, number]): [number, number, number] {
  const d = payload.direction;
  const rel = [0, 1, 2].map((i) => lps[i] - (payload.origin[i] ?? 0));
  // D is a rotation (orthonormal): its inverse is its transpose.
  return [0, 1, 2].map((col) => {
    const along = (d[col] ?? 0) * (rel[0] ?? 0) + (d[3 + col] ?? 0) * (rel[1] ?? 0) + (d[6 + col] ?? 0) * (rel[2] ?? 0);
    return Math.round(along / (payload.spacing[col] ?? 1)) * payload.step;
  }) as [number, number, number];
}

/** A number for the readout: full precision for integers, 4 significant digits otherwise. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}
