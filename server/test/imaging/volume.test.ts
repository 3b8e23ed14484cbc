import { describe, expect, it } from 'vitest';
import { geometryMismatch, indexToPhysical, type IVolume } from '../../src/imaging/volume.js';
import { vol } from './fixtures.js';

const reference = (): IVolume => vol([256, 256, 128], new Uint8Array(0), [0.5, 0.5, 1], { origin: [-64, -64, 10], data: new Uint8Array(256 * 256 * 128) });

describe('geometryMismatch', () => {
  it('accepts the same grid, including float32 rounding of the origin', () => {
    const answer = { ...reference(), origin: [-64.00001, -63.99999, 10.000004] as IVolume['origin'] };
    expect(geometryMismatch(answer, reference())).toBeNull();
  });

  it('names a size difference with both sizes and the fix', () => {
    const answer = vol([128, 128, 64], new Uint8Array(128 * 128 * 64), [1, 1, 2], { origin: [-64, -64, 10] });
    expect(geometryMismatch(answer, reference())).toBe(
      'Your image is 128×128×64 voxels but the reference is 256×256×128: resample it onto the reference grid (same size, spacing, origin and direction).'
    );
  });

  it('names a spacing difference in mm', () => {
    const answer = { ...reference(), spacing: [0.5, 0.5, 1.2] as IVolume['spacing'] };
    expect(geometryMismatch(answer, reference())).toMatch(/^Your image's voxel spacing is 0\.5 × 0\.5 × 1\.2 mm but the reference's is 0\.5 × 0\.5 × 1 mm: resample/);
  });

  it('names an origin difference in mm', () => {
    const answer = { ...reference(), origin: [-64, -62.5, 10] as IVolume['origin'] };
    expect(geometryMismatch(answer, reference())).toMatch(/origin is \(-64, -62\.5, 10\) mm but the reference's is \(-64, -64, 10\) mm/);
  });

  it('names a direction difference (e.g. RAS saved where LPS was expected)', () => {
    const answer = { ...reference(), direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
    expect(geometryMismatch(answer, reference())).toMatch(/direction matrix is \[-1 0 0; 0 -1 0; 0 0 1\] but the reference's is \[1 0 0; 0 1 0; 0 0 1\]/);
  });
});

describe('indexToPhysical', () => {
  it('applies spacing, then direction, then origin', () => {
    const v = vol([10, 10, 10], new Uint8Array(1000), [2, 3, 4], { origin: [1, 2, 3], direction: [0, -1, 0, 1, 0, 0, 0, 0, 1] });
    expect(indexToPhysical(v, [1, 1, 1])).toEqual([1 - 3, 2 + 2, 3 + 4]);
  });
});
