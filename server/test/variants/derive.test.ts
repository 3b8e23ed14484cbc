import { describe, expect, it } from 'vitest';
import { readNifti, writeNifti } from '../../src/imaging/nifti.js';
import type { IVolume } from '../../src/imaging/volume.js';
import { addNoise, applySteps, crop, DerivationError, imageCentre, intensity, rigid } from '../../src/variants/derive.js';
import { DerivationStep } from '../../src/variants/spec.js';

/** A 2D uint8 slice with a bright square (x 10–19, y 5–14) on 0, 1 mm pixels. */
function square(): IVolume {
  const [nx, ny] = [40, 30];
  const data = new Uint8Array(nx * ny);
  for (let y = 5; y < 15; y++) for (let x = 10; x < 20; x++) data[x + nx * y] = 200;
  return { size: [nx, ny, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
}

const at = (v: IVolume, x: number, y: number, z = 0): number => v.data[x + v.size[0] * (y + v.size[1] * z)] as number;

describe('deriving a variant from real data', () => {
  it('moves content by a translation exactly (whole pixels), the way elastix reports it', () => {
    const moved = rigid(square(), 0, [3, -2], undefined, 'linear');
    expect(at(moved, 13, 3)).toBe(200); // (10, 5) + (3, −2)
    expect(at(moved, 12, 3)).toBe(0);
    const sum = (v: IVolume): number => Array.from(v.data).reduce((n, x) => n + x, 0);
    expect(sum(moved)).toBe(sum(square()));
    expect(moved.data).toBeInstanceOf(Uint8Array);
  });

  it('rotates about the image centre (counter-clockwise in LPS x/y for a positive angle)', () => {
    const v = square();
    const c = imageCentre(v);
    expect(c).toEqual([19.5, 14.5, 0]);
    const turned = rigid(v, 90, [0, 0], [15, 10], 'nearest');
    // R(90°)(p − c) + c sends (14, 9) → (16, 9)… the square's corner (10, 5) goes to (20, 5).
    expect(at(turned, 20, 5)).toBe(200);
    expect(at(turned, 10, 5)).toBe(0);
  });

  it('crops by index and keeps every voxel at its physical place', () => {
    const v: IVolume = { ...square(), origin: [5, 7, 0], spacing: [0.5, 2, 1] };
    const c = crop(v, [10, 5, 0], [10, 10, 1]);
    expect(c.size).toEqual([10, 10, 1]);
    expect(c.origin).toEqual([10, 17, 0]);
    expect(at(c, 0, 0)).toBe(200);
    expect(() => crop(v, [35, 0, 0], [10, 10, 1])).toThrow(DerivationError);
  });

  it('adds reproducible Gaussian noise of the asked standard deviation', () => {
    const flat: IVolume = { ...square(), data: new Int16Array(1200).fill(100) };
    const a = addNoise(flat, 10, 42);
    const b = addNoise(flat, 10, 42);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(addNoise(flat, 10, 43).data)).not.toEqual(Array.from(a.data));
    const values = Array.from(a.data);
    const mean = values.reduce((s, x) => s + x, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(100, 0);
    expect(std).toBeGreaterThan(9);
    expect(std).toBeLessThan(11);
  });

  it('rounds and clamps to the pixel type', () => {
    const v = intensity(square(), 1.5, 10);
    expect(at(v, 10, 5)).toBe(255);
    expect(at(v, 0, 0)).toBe(10);
  });

  it('applies declared steps with expressions, and a 2D result stays 2D in NIfTI', () => {
    const steps = [DerivationStep.parse({ rigid: { translateMm: ['$tx', '$ty'] } }), DerivationStep.parse({ intensity: { offset: '$o' } })];
    const out = applySteps(square(), steps, { tx: 1, ty: 1, o: 5 }, 1);
    expect(at(out, 11, 6)).toBe(205);
    const back = readNifti(writeNifti(out, { gzip: true, dimensions: 2 }), { maxCompressedBytes: 1e7, maxDecodedBytes: 1e7 });
    expect(back.size).toEqual([40, 30, 1]);
    expect(Array.from(back.data)).toEqual(Array.from(out.data));
  });
});
