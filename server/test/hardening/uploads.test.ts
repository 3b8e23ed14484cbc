import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/lib.mjs';
import { writeNifti } from '../../src/imaging/nifti.js';
import { expireUnusedUploads } from '../../src/services/uploads.js';
import { startTestApp, type ITestApp } from '../support/app.js';
import { FakeHub } from '../support/fake-hub.js';
import { fixtureContent, sphere } from '../support/fixture-content.js';
import { niftiScaledBomb, niftiTruncated } from '../support/hostile-files.js';
import type { Browser } from '../support/http.js';
import { startServerProcess } from '../support/server-process.js';
import { loginAs } from '../support/session.js';
import { hubEnv, SECRET } from '../support/test-config.js';

const UPLOADS = '/services/academy/api/uploads';
const SUBMIT = '/services/academy/api/courses/demo/assessments/segmentation/submissions';
const MiB = 1024 * 1024;

/** Peak resident memory of a process so far (Linux). */
function peakRss(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
}

describe('an upload within the size caps that decodes to hundreds of MB (the issue’s case), on the real server process', () => {
  const hub = new FakeHub(SECRET);
  let server: ChildProcess;
  let base: string;

  beforeAll(async () => {
    await hub.start();
    base = `http://127.0.0.1:${await freePort()}`;
    server = await startServerProcess(hubEnv(hub.apiUrl, { JUPYTERHUB_SERVICE_URL: base, ACADEMY_DATA_DIR: mkdtempSync(join(tmpdir(), 'voxel-upload-rss-')), ACADEMY_CONTENT_DIR: fixtureContent() }));
  });
  afterAll(async () => {
    server.kill('SIGTERM');
    await hub.stop();
  });

  it('is refused from its header; the server stays near its resting memory (it went from 155 MB to 3.5 GB)', async () => {
    const file = await niftiScaledBomb(480);
    expect(file.length).toBeLessThan(600 * 1024);
    const ada = await loginAs(base, hub, { name: 'ada' });
    const res = await ada.post(UPLOADS, new Uint8Array(file));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', detail: expect.stringMatching(/1920 MB in memory once scl_slope is applied.*512 MB limit/) });
    expect(peakRss(server.pid!)).toBeLessThan(400 * MiB);
  });
});

describe('uploads: caps, quota and retention', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  let ada: Browser;
  const mask = (): Uint8Array => writeNifti(sphere(24, 6), { gzip: true });
  const files = (): string[] => (existsSync(join(app.dataDir, 'uploads')) ? readdirSync(join(app.dataDir, 'uploads')) : []);

  beforeAll(async () => {
    await hub.start();
    app = await startTestApp(hub.apiUrl, { ACADEMY_MAX_UPLOAD_MB: '1', ACADEMY_UPLOAD_QUOTA_MB: '0.0004', ACADEMY_UPLOAD_RETENTION_HOURS: '0.0002' }, fixtureContent());
    ada = await loginAs(app.base, hub, { name: 'ada' });
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('refuses a body over the cap while it streams in, and keeps nothing of it', async () => {
    const res = await ada.post(UPLOADS, new Uint8Array(2 * MiB));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', detail: expect.stringMatching(/limited to 1 MB/) });
    expect(files()).toEqual([]);
  });

  it.each([
    ['a truncated .nii.gz', () => niftiTruncated(), /cannot be decompressed|truncated/],
    ['a gzip of zeros (no NIfTI header)', () => gzipSync(Buffer.alloc(4096)), /not a NIfTI-1 file/]
  ])('answers 422 to %s and deletes it', async (_name, build, message) => {
    const res = await ada.post(UPLOADS, new Uint8Array(build()));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'invalid_image', detail: expect.stringMatching(message) });
    expect(files()).toEqual([]);
  });

  it('stops at the quota of unused uploads (429 + Retry-After); an upload a submission uses no longer counts', async () => {
    // The quota (0.0004 MB) holds one 241-byte mask.
    const first = await ada.post(UPLOADS, mask());
    expect(first.status).toBe(201);
    const { uploadId } = await first.json();
    const refused = await ada.post(UPLOADS, mask());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', title: 'Upload quota reached', detail: expect.stringMatching(/not yet used in a submission.*deleted after/) });
    const submitted = await ada.post(SUBMIT, { answers: { mask: { type: 'image', uploadId }, volume: { type: 'number', value: 1, unit: 'mL' } } });
    expect(submitted.status).toBe(201);
    expect((await ada.post(UPLOADS, mask())).status).toBe(201);
  });

  it('deletes uploads no submission used after the retention time, and keeps the used ones', async () => {
    const used = files().length;
    expect(used).toBe(2);
    await new Promise((r) => setTimeout(r, 900));
    expect(await expireUnusedUploads(app.ctx)).toBe(1);
    expect(files()).toHaveLength(1);
    // The kept one is the submitted answer: it still grades.
    const list = await (await ada.get('/services/academy/api/submissions?assessment=segmentation')).json();
    expect(list[0].items.find((i: { itemId: string }) => i.itemId === 'mask').score).toBeGreaterThan(0.9);
  });
});

describe('uploads arriving together', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    app = await startTestApp(hub.apiUrl, { ACADEMY_UPLOAD_QUOTA_MB: '0.0004' }, fixtureContent());
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('keep the quota: 8 at once store the one that fits, refuse 7 and keep no file of theirs', async () => {
    const bea = await loginAs(app.base, hub, { name: 'bea' });
    const mask = writeNifti(sphere(24, 6), { gzip: true });
    // Each streams in, then is checked: all eight passed the count taken before the body arrived
    // and were stored, 8 × the quota, until the count moved into the insert.
    const responses = await Promise.all(Array.from({ length: 8 }, () => bea.post(UPLOADS, mask)));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 429, 429, 429, 429, 429, 429, 429]);
    const refused = await responses.find((r) => r.status === 429)!.json();
    expect(refused).toMatchObject({ code: 'rate_limited', title: 'Upload quota reached' });
    expect(readdirSync(join(app.dataDir, 'uploads'))).toHaveLength(1);
    expect(await app.ctx.store.unreferencedUploads('bea')).toMatchObject({ count: 1 });
  });
});

