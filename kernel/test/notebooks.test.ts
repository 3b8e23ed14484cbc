import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Image } from 'itk-wasm';
import { describe, expect, it } from 'vitest';
import { nodeItkBackend } from '../src/index-node.js';
import { declaredDatasets } from '../src/node/datasets.js';
import { runNotebook } from '../src/node/notebook.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const ROOT = join(import.meta.dirname, '..', '..');

describe('notebooks under Node (itk-wasm Node functions)', () => {
  it('runs a notebook: writes and reads NIfTI, downsamples, displays a PNG, records an answer', async () => {
    const run = await runNotebook(join(FIXTURES, 'notebooks-ok', 'phantom.ipynb'), { datasetsDir: join(FIXTURES, 'datasets') });
    expect(run.failure).toBeNull();
    expect(run.codeCells).toBe(4);
    expect(run.outputs[1]?.stdout).toContain('16x16x8');
    expect(run.outputs[1]?.stdout).toContain('[itk-wasm] loading image-io (first use)');
    const shown = run.outputs[2];
    expect(shown?.result?.data['text/plain']).toBe('[ 8, 8, 4 ]');
    const png = Buffer.from(String(shown?.displays[0]?.data['image/png']), 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The IDAT stream inflates with zlib: the encoder writes valid PNG.
    const idat = png.indexOf('IDAT');
    const length = png.readUInt32BE(idat - 4);
    expect(() => inflateSync(png.subarray(idat + 4, idat + 4 + length))).not.toThrow();
    expect(shown?.displays[0]?.data['application/vnd.voxel-academy.slices+json']).toMatchObject({ size: [8, 8, 4] });
    expect(run.outputs[3]?.result?.data['text/plain']).toBe("{ type: 'number', value: 7.5, unit: 'HU' }");
  });

  it('stops at the first failing cell with the notebook, cell number and message', async () => {
    const run = await runNotebook(join(FIXTURES, 'notebooks-bad', 'typo.ipynb'), { datasetsDir: join(FIXTURES, 'datasets') });
    expect(run.failure).toMatchObject({ cell: 3, ename: 'TypeError', evalue: 'Math.maxx is not a function' });
    expect(run.failure?.traceback).toContain('  2 | const m = Math.maxx(1, 2)');
    expect(run.outputs.map((o) => o.stdout)).toEqual(['', '1\n', '']);
  });

  it('reads a file that is not an image as a readable error, and the kernel keeps going', async () => {
    const run = await runNotebook(join(FIXTURES, 'notebooks-edge', 'bad-input.ipynb'), { datasetsDir: join(FIXTURES, 'datasets') });
    expect(run.failure).toBeNull();
    expect(run.outputs[0]?.stdout).toContain('ItkError: itk.readImage: the file is not an image');
    expect(run.outputs[0]?.stdout).toContain('no image file extension');
    expect(run.outputs[1]?.result?.data['text/plain']).toBe("'still running'");
  });

  it('course.data reads the datasets the curriculum declares, as the course server does', async () => {
    const root = mkdtempSync(join(tmpdir(), 'voxel-datasets-'));
    mkdirSync(join(root, 'curriculum', 'demo'), { recursive: true });
    mkdirSync(join(root, 'data', 'demo'), { recursive: true });
    writeFileSync(join(root, 'curriculum', 'demo', 'datasets.yaml'), 'datasets:\n  - id: tiny-ct\n    title: Tiny\n    file: tiny.nrrd\n    source: test\n    licence: CC0-1.0\n  - id: not-fetched\n    title: Missing\n    file: gone.nii.gz\n    source: test\n    licence: CC0-1.0\n');
    const image: Image = { imageType: { dimension: 3, componentType: 'int16', pixelType: 'Scalar', components: 1 }, name: 'tiny', origin: [0, 0, 0], spacing: [0.5, 0.5, 1], direction: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), size: [4, 3, 2], metadata: new Map(), data: new Int16Array(24).fill(-1000) };
    writeFileSync(join(root, 'data', 'demo', 'tiny.nrrd'), await nodeItkBackend.writeImage(image, 'tiny.nrrd'));
    const notebook = join(root, 'uses-data.ipynb');
    const cells = ["const ct = await course.data('tiny-ct')\nconsole.log(ct.size.join('x'), ct.spacing.join('x'), ct.data[0])", "await course.data('not-fetched')"];
    writeFileSync(notebook, JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [] })), metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    const run = await runNotebook(notebook, { datasetsDir: join(root, 'data'), declared: declaredDatasets(root, join(root, 'data')) });
    expect(run.outputs[0]?.stdout).toContain('4x3x2 0.5x0.5x1 -1000');
    expect(run.failure).toMatchObject({ cell: 2, evalue: expect.stringMatching(/dataset "not-fetched" is declared but .*gone\.nii\.gz is missing/) });
  });

  it('the notebooks:check command passes on good notebooks and names the failing cell otherwise', () => {
    const cli = join(ROOT, 'kernel', 'src', 'node', 'check.ts');
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, [cli, join(FIXTURES, 'notebooks-ok')], { encoding: 'utf8', cwd: ROOT });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('1 notebook ran without errors');
    const bad = spawnSync(tsx, [cli, join(FIXTURES, 'notebooks-bad')], { encoding: 'utf8', cwd: ROOT });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/typo\.ipynb, cell 3: TypeError: Math\.maxx is not a function/);
    const none = spawnSync(tsx, [cli, join(FIXTURES, 'no-such-folder')], { encoding: 'utf8', cwd: ROOT });
    expect(none.stdout).toContain('0 notebooks');
  }, 60_000);
});
