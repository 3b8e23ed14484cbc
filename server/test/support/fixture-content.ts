import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNifti } from '../../src/imaging/nifti.js';
import type { IVolume } from '../../src/imaging/volume.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/content', import.meta.url));

/** A label map with a ball of `radius` voxels (label 1) centred in a `n`×`n`×`n` grid, 1 mm voxels. */
export function sphere(n: number, radius: number, shift: [number, number, number] = [0, 0, 0]): IVolume {
  const data = new Uint8Array(n * n * n);
  const c = (n - 1) / 2;
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const d = Math.hypot(x - c - shift[0], y - c - shift[1], z - c - shift[2]);
        if (d <= radius) data[x + n * (y + n * z)] = 1;
      }
  return { size: [n, n, n], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
}

/** A copy of the test course with its reference image generated (no binaries in git). */
export function fixtureContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'voxel-content-'));
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, 'assessments', 'demo', 'reference'), { recursive: true });
  writeFileSync(join(dir, 'assessments', 'demo', 'reference', 'sphere.nii.gz'), writeNifti(sphere(24, 6), { gzip: true }));
  // Teaching data, as setup would have fetched it: under a dot folder like the default
  // `.cache/datasets` (startTestApp points ACADEMY_DATASETS_DIR here).
  mkdirSync(join(fixtureDatasetsDir(dir), 'demo'), { recursive: true });
  writeFileSync(join(fixtureDatasetsDir(dir), 'demo', 'sphere.nii.gz'), writeNifti(sphere(24, 8), { gzip: true }));
  writeFileSync(join(fixtureDatasetsDir(dir), 'demo', 'blob.nii.gz'), writeNifti(blobSlice([0, 0]), { gzip: true, dimensions: 2 }));
  writeFileSync(join(fixtureDatasetsDir(dir), 'demo', 'blob-moved.nii.gz'), writeNifti(blobSlice([3, -2]), { gzip: true, dimensions: 2 }));
  return dir;
}

/** A 2D uint8 slice (48 × 40, 1 mm) with a bright Gaussian blob (σ 5 px) at (22, 19) + shift on a black background. */
export function blobSlice(shift: [number, number]): IVolume {
  const [nx, ny] = [48, 40];
  const data = new Uint8Array(nx * ny);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) data[x + nx * y] = Math.round(250 * Math.exp(-((x - 22 - shift[0]) ** 2 + (y - 19 - shift[1]) ** 2) / 50));
  return { size: [nx, ny, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
}

/** Where fixtureContent() puts the teaching data of a content copy. */
export function fixtureDatasetsDir(contentDir: string): string {
  return join(contentDir, '.cache', 'datasets');
}
