import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionResult } from '@voxel-academy/protocol';
import { writeNifti } from '../src/imaging/nifti.js';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent, sphere } from './support/fixture-content.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';
import { backendEnv, BACKENDS, type IBackendEnv } from './support/backends.js';

const UPLOADS = '/services/academy/api/uploads';
const SUBMIT = '/services/academy/api/courses/demo/assessments/segmentation/submissions';

describe.each(BACKENDS)('image answers [%s]', (backend) => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  let database: IBackendEnv;

  beforeAll(async () => {
    await hub.start();
    database = await backendEnv(backend);
    // 1 MB upload cap and 2 MB decoded cap keep the bomb and size tests small.
    app = await startTestApp(hub.apiUrl, { ACADEMY_MAX_UPLOAD_MB: '1', ACADEMY_MAX_IMAGE_MB: '2', ACADEMY_SUBMIT_RATE_PER_MINUTE: '100', ...database.env }, fixtureContent());
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await hub.stop();
    await database.stop();
  });

  async function upload(browser: Awaited<ReturnType<typeof loginAs>>, bytes: Uint8Array): Promise<Response> {
    return browser.post(UPLOADS, bytes);
  }

  it('grades an uploaded mask in physical space against the hidden reference', async () => {
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    // One voxel off-centre: still a good segmentation, not a perfect one.
    const up = await upload(ada, writeNifti(sphere(24, 6, [1, 0, 0]), { gzip: true }));
    expect(up.status).toBe(201);
    const { uploadId, size, spacing } = await up.json();
    expect(size).toEqual([24, 24, 24]);
    expect(spacing).toEqual([1, 1, 1]);

    const res = await ada.post(SUBMIT, { answers: { mask: { type: 'image', uploadId }, volume: { type: 'number', value: 0.9, unit: 'mL' } } });
    expect(res.status).toBe(201);
    const result = (await res.json()) as SubmissionResult;
    const mask = result.items.find((i) => i.itemId === 'mask')!;
    expect(mask.measurements!['dice']).toBeGreaterThan(0.8);
    expect(mask.measurements!['dice']).toBeLessThan(1);
    expect(mask.measurements!['hausdorffMm']).toBeCloseTo(1, 5);
    expect(mask.score).toBeGreaterThan(0.5);
    expect(result.items.find((i) => i.itemId === 'volume')!.score).toBe(1);
  });

  it('explains a geometry mismatch instead of failing', async () => {
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const { uploadId } = await (await upload(bob, writeNifti(sphere(20, 5), { gzip: true }))).json();
    const result = (await (await bob.post(SUBMIT, { answers: { mask: { type: 'image', uploadId } } })).json()) as SubmissionResult;
    const mask = result.items.find((i) => i.itemId === 'mask')!;
    expect(mask.score).toBe(0);
    expect(mask.feedback).toMatch(/20×20×20.*24×24×24/);
  });

  it('does not let a learner grade with someone else’s upload', async () => {
    const cy = await loginAs(app.base, hub, { name: 'cy' });
    const dee = await loginAs(app.base, hub, { name: 'dee' });
    const { uploadId } = await (await upload(cy, writeNifti(sphere(24, 6), { gzip: true }))).json();
    const result = (await (await dee.post(SUBMIT, { answers: { mask: { type: 'image', uploadId } } })).json()) as SubmissionResult;
    expect(result.items.find((i) => i.itemId === 'mask')!.score).toBe(0);
  });

  it('rejects a file that is not an image with 422 and keeps nothing', async () => {
    const eve = await loginAs(app.base, hub, { name: 'eve' });
    const res = await upload(eve, new TextEncoder().encode('this is not a NIfTI file at all, just text'.repeat(20)));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'invalid_image' });
  });

  it('answers 413 to a .nii.gz bomb without decoding it whole', async () => {
    const fay = await loginAs(app.base, hub, { name: 'fay' });
    // A valid header claiming 256³ float32 (64 MB) of zeros: ~65 KB compressed.
    const big = { ...sphere(2, 1), size: [256, 256, 256] as [number, number, number], data: new Float32Array(256 * 256 * 256) };
    const bomb = gzipSync(writeNifti(big));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await upload(fay, bomb);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('answers 413 to an upload over the size cap', async () => {
    const gus = await loginAs(app.base, hub, { name: 'gus' });
    const res = await upload(gus, new Uint8Array(2 * 1024 * 1024));
    expect(res.status).toBe(413);
  });
});
