import { describe, expect, it } from 'vitest';
import { calRange, edgeLabels, formatValue, rasToLps, voxelAt, windowOf, WINDOW_PRESETS } from '../src/viewer/geometry';

describe('slice viewer geometry', () => {
  it('maps presets to display ranges in the image’s own units, at full precision', () => {
    expect(calRange(WINDOW_PRESETS['ct-brain'])).toEqual({ min: 0, max: 80 });
    expect(calRange(WINDOW_PRESETS['ct-bone'])).toEqual({ min: -800, max: 2000 });
    expect(calRange(WINDOW_PRESETS['ct-lung'])).toEqual({ min: -1350, max: 150 });
    expect(windowOf('image', { level: 12.5, width: 3 })).toEqual({ level: 12.5, width: 3 });
  });

  it('labels the edges by convention: radiological puts the patient’s right on screen left', () => {
    expect(edgeLabels(0, 'radiological')).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect(edgeLabels(0, 'neurological')).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
    expect(edgeLabels(1, 'radiological')).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
    expect(edgeLabels(2, 'radiological')).toEqual({ left: 'P', right: 'A', top: 'S', bottom: 'I' });
  });

  it('finds the original voxel under an LPS point, for a flipped and subsampled grid', () => {
    expect(rasToLps([10, -5, 3])).toEqual([-10, 5, 3]);
    const identity = { origin: [0, 0, 0] as [number, number, number], spacing: [2, 2, 2] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], step: 2 };
    expect(voxelAt(identity, [4, 6, 8])).toEqual([4, 6, 8]);
    const flipped = { ...identity, origin: [10, 0, 0] as [number, number, number], direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1], step: 1 };
    expect(voxelAt(flipped, [6, 4, 2])).toEqual([2, 2, 1]);
  });

  it('shows integers whole and other values to 4 significant digits', () => {
    expect(formatValue(-1024)).toBe('-1024');
    expect(formatValue(0.123456)).toBe('0.1235');
  });
});
