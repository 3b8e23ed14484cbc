import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { niftiScaledBomb } from '../support/hostile-files.js';

const SCRIPT = fileURLToPath(new URL('./decode-peak.mjs', import.meta.url));
const MiB = 1024 * 1024;

interface IPeak {
  peakAddedBytes: number;
  volumeBytes?: number;
  type?: string;
  error?: string;
  message?: string;
}

/** Decodes in a fresh process so the figure is this decode's peak, not the test runner's. */
function peak(mode: 'read' | 'inspect', file: string, maxDecodedBytes: number): IPeak {
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', SCRIPT, mode, file, String(maxDecodedBytes)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as IPeak;
}

/**
 * The stated bound: decoding keeps the volume in one preallocated array and streams the rest,
 * so its peak is at most 1.1 × the volume as kept + 64 MiB (1 MiB read and inflate chunks,
 * and the garbage they leave until the next GC); checking an upload holds no voxel (its peak
 * does not grow with the size). The volume as kept is the stored voxel bytes, or more when
 * scl_slope widens the type (uint8 → float32 is 4×); the decode cap applies to it.
 */
const FACTOR = 1.1;
const SLACK = 64 * MiB;

describe('peak memory of NIfTI decoding (measured in a child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voxel-nifti-peak-'));
  const issueFile = join(dir, 'issue-480mib-slope.nii.gz');
  const smallFile = join(dir, 'small-64mib-slope.nii.gz');

  beforeAll(async () => {
    writeFileSync(issueFile, await niftiScaledBomb(480));
    writeFileSync(smallFile, await niftiScaledBomb(64));
  }, 60_000);

  it("refuses the issue's 480 MiB uint8 upload with a scale slope before inflating it (default 512 MB cap)", () => {
    const result = peak('inspect', issueFile, 512 * MiB);
    expect(result.error).toBe('ImageTooLargeError');
    expect(result.message).toMatch(/1920 MB in memory once scl_slope is applied/);
    expect(result.peakAddedBytes).toBeLessThan(SLACK);
  }, 60_000);

  it('checks an upload (header to last voxel) without holding its voxels, whatever its size', () => {
    // The same check on a volume 7.5 times larger (416 MiB more voxels) costs almost nothing
    // more: no voxel is kept, only inflate garbage waiting for a GC (measured: +5 MiB on
    // Node 20, +8–13 MiB on Node 24, whose constant part is also larger, 66 vs 34 MiB).
    const small = peak('inspect', smallFile, 2048 * MiB);
    const large = peak('inspect', issueFile, 2048 * MiB);
    expect(small.error).toBeUndefined();
    expect(large.error).toBeUndefined();
    expect(large.peakAddedBytes - small.peakAddedBytes).toBeLessThan(32 * MiB);
    // And far below the 480 MiB of voxels it checked.
    expect(large.peakAddedBytes).toBeLessThan(480 * MiB * 0.25);
  }, 60_000);

  it(`decodes a scaled volume within ${FACTOR} × its in-memory size + 64 MiB`, () => {
    const result = peak('read', smallFile, 1024 * MiB);
    expect(result.type).toBe('Float32Array');
    expect(result.volumeBytes).toBe(4 * 64 * MiB);
    expect(result.peakAddedBytes).toBeLessThan(FACTOR * result.volumeBytes! + SLACK);
  }, 60_000);
});
