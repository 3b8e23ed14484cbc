import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetOrigin } from '../src/services/datasets.js';

const dir = mkdtempSync(join(tmpdir(), 'voxel-origin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dataset origin header', () => {
  it('is "phantom" only for files the setup step recorded as generated stand-ins', () => {
    expect(datasetOrigin(join(dir, 'head-ct.nii.gz'), 'head-ct.nii.gz')).toBe('real');
    const datasets = { 'head-ct': { file: 'head-ct.nii.gz', origin: 'phantom' }, 'colin27-t1': { file: 'colin27-t1.nii.gz', origin: 'real' } };
    writeFileSync(join(dir, 'provenance.json'), JSON.stringify({ course: 'c', datasets }));
    expect(datasetOrigin(join(dir, 'head-ct.nii.gz'), 'head-ct.nii.gz')).toBe('phantom');
    expect(datasetOrigin(join(dir, 'colin27-t1.nii.gz'), 'colin27-t1.nii.gz')).toBe('real');
    writeFileSync(join(dir, 'provenance.json'), '{ not json');
    expect(datasetOrigin(join(dir, 'head-ct.nii.gz'), 'head-ct.nii.gz')).toBe('real');
  });
});
