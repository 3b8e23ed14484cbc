import { describe, expect, it } from 'vitest';
import { gradeIntensityImage } from '../../src/grading/intensity-image.js';
import { gradeSegmentation } from '../../src/grading/segmentation.js';
import type { Vec3 } from '../../src/imaging/volume.js';
import { maskVolume, sphere, vol } from '../imaging/fixtures.js';
import { item } from './items.js';

const upload = { type: 'image' as const, uploadId: 'u1' };
const size: Vec3 = [24, 24, 24];
const spacing: Vec3 = [1, 1, 2];
const reference = maskVolume(size, sphere([12, 12, 12], 8, spacing), spacing, 3);

describe('segmentation grader', () => {
  const q = item('segmentation', {
    label: 1,
    key: { reference: 'ref/heart.nii.gz', referenceLabel: 3, dice: { full: 0.9, zero: 0.5 } },
    feedback: { correct: 'Excellent.', incorrect: 'Keep refining.' }
  });

  it('gives full credit for a perfect answer, with measurements', () => {
    const answer = maskVolume(size, sphere([12, 12, 12], 8, spacing), spacing, 1);
    const out = gradeSegmentation(q, upload, { answerImage: answer, referenceImage: reference });
    expect(out.score).toBe(1);
    expect(out.feedback).toMatch(/^Excellent\. Dice 1, HD95 0 mm, Hausdorff 0 mm; your volume [\d.]+ mL\.$/);
    expect(out.measurements).toMatchObject({ dice: 1, jaccard: 1, hausdorffMm: 0, hd95Mm: 0 });
    // The reference's own volume is never shown: a measured-volume item may share its key.
    expect(out.measurements).not.toHaveProperty('referenceVolumeMl');
    expect(out.feedback).not.toMatch(/reference/);
  });

  it('ramps credit on Dice, averaged with HD95 when the key has it', () => {
    const answer = maskVolume(size, sphere([13, 12, 12], 7, spacing), spacing, 1);
    const dice = gradeSegmentation(q, upload, { answerImage: answer, referenceImage: reference });
    const d = dice.measurements!.dice;
    expect(d).toBeGreaterThan(0.5);
    expect(d).toBeLessThan(0.9);
    expect(dice.score).toBeCloseTo((d - 0.5) / 0.4, 10);
    expect(dice.feedback).toMatch(/^Keep refining\. Dice 0\.\d+/);

    const withHd = item('segmentation', { key: { ...q.key, referenceLabel: undefined, hd95Mm: { full: 0, zero: 100 } } });
    const both = gradeSegmentation(withHd, upload, { answerImage: maskVolume(size, sphere([13, 12, 12], 7, spacing), spacing, 1), referenceImage: maskVolume(size, sphere([12, 12, 12], 8, spacing), spacing, 1) });
    const hd95 = both.measurements!.hd95Mm;
    expect(hd95).toBeGreaterThan(0);
    expect(both.score).toBeCloseTo(((d - 0.5) / 0.4 + (100 - hd95) / 100) / 2, 10);
  });

  it('explains an empty answer and keeps measurements finite', () => {
    const empty = maskVolume(size, () => false, spacing);
    const out = gradeSegmentation(q, upload, { answerImage: empty, referenceImage: reference });
    expect(out.score).toBe(0);
    expect(out.feedback).toMatch(/no voxels labelled 1.*saved with label 1/);
    expect(out.measurements).toMatchObject({ dice: 0, volumeMl: 0 });
    expect(out.measurements).not.toHaveProperty('hausdorffMm');
  });

  it('gives the geometry mismatch as feedback instead of a score', () => {
    const shifted = { ...maskVolume(size, sphere([12, 12, 12], 8, spacing), spacing, 1), origin: [0, 0, 5] as Vec3 };
    const out = gradeSegmentation(q, upload, { answerImage: shifted, referenceImage: reference });
    expect(out.score).toBe(0);
    expect(out.feedback).toBe(
      "Keep refining. Your image's origin is (0, 0, 5) mm but the reference's is (0, 0, 0) mm (LPS): " +
        'resample it onto the reference grid (same size, spacing, origin and direction).'
    );
    const small = maskVolume([12, 12, 12], () => true, spacing);
    expect(gradeSegmentation(q, upload, { answerImage: small, referenceImage: reference }).feedback).toMatch(/Your image is 12×12×12 voxels but the reference is 24×24×24/);
  });

  it('handles missing images and non-image answers', () => {
    expect(gradeSegmentation(q, upload, { referenceImage: reference }).feedback).toMatch(/could not be found or read; upload it again/);
    expect(gradeSegmentation(q, upload, { answerImage: reference }).feedback).toMatch(/reference image is unavailable/);
    expect(gradeSegmentation(q, { type: 'text', text: 'mask.nii' }, {}).feedback).toMatch(/Expected an uploaded image/);
    expect(gradeSegmentation(q, undefined, {}).feedback).toMatch(/No answer recorded for this item/);
  });
});

describe('intensity-image grader', () => {
  const ref = vol([4, 2, 1], Float32Array.of(0, 10, 20, 30, 40, 50, 60, 100));
  const q = item('intensity-image', { key: { reference: 'ref/ct.nii', meanAbsDiff: { full: 1, zero: 5 } } });

  it('ramps credit on mean absolute difference', () => {
    const answer = vol([4, 2, 1], Float32Array.from(ref.data, (v) => v + 3));
    const out = gradeIntensityImage(q, upload, { answerImage: answer, referenceImage: ref });
    expect(out.score).toBeCloseTo(0.5, 12);
    expect(out.measurements).toMatchObject({ meanAbsDiff: 3, maxAbsDiff: 3 });
    expect(out.measurements!.psnrDb).toBeCloseTo(10 * Math.log10(100 ** 2 / 9), 10);
  });

  it('averages in the PSNR ramp, and an identical image earns full credit with ∞ PSNR', () => {
    const withPsnr = item('intensity-image', { key: { ...q.key, psnrDb: { full: 40, zero: 20 } } });
    const same = gradeIntensityImage(withPsnr, upload, { answerImage: vol([4, 2, 1], Float32Array.from(ref.data)), referenceImage: ref });
    expect(same.score).toBe(1);
    expect(same.feedback).toMatch(/PSNR ∞/);
    expect(same.measurements).not.toHaveProperty('psnrDb');
    const off = gradeIntensityImage(withPsnr, upload, { answerImage: vol([4, 2, 1], Float32Array.from(ref.data, (v) => v + 3)), referenceImage: ref });
    const psnr = 10 * Math.log10(100 ** 2 / 9);
    expect(off.score).toBeCloseTo((0.5 + (psnr - 20) / 20) / 2, 10);
  });
});
