import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The server tests' small course, whose "basics" track awards a certificate for its quiz.
import { DEMO_QUIZ_PASSING as PASSING } from '../server/test/support/demo.js';
import { fixtureContent, fixtureDatasetsDir, sphere } from '../server/test/support/fixture-content.js';
import { writeNifti } from '../server/src/imaging/nifti.js';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';


describe('a learner earns a certificate and anyone can verify it', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let requests: string[];

  beforeAll(async () => {
    const content = fixtureContent();
    hub = await startTestHub('certificates', { ACADEMY_CONTENT_DIR: content, ACADEMY_DATASETS_DIR: fixtureDatasetsDir(content) });
    context = await launchBrowser();
    requests = recordRequests(context);
  });

  afterAll(async () => {
    await context?.close();
    await hub?.stop();
  });

  it('shows the new certificate in the sidebar, downloads its PDF and opens its verification page', async () => {
    const learner = `cert-${randomBytes(3).toString('hex')}`;
    const page = await context.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    const sidebar = page.locator('#voxel-academy-sidebar');
    await sidebar.locator('.va-Certificates').waitFor({ timeout: 60_000 });
    await expect(sidebar.locator('.va-Certificates').innerText()).resolves.toContain('Complete a track');

    const status = await page.evaluate(async (answers) => {
      const res = await fetch('/services/academy/api/courses/demo/assessments/quiz/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-voxel-academy': '1' },
        body: JSON.stringify({ answers })
      });
      return res.status;
    }, PASSING);
    expect(status).toBe(201);

    // The certificate arrives live (WebSocket) — no reload, no refresh click.
    const certificate = sidebar.locator('.va-Certificate');
    await certificate.waitFor({ timeout: 30_000 });
    await expect(certificate.locator('.va-Certificate-title').innerText()).resolves.toBe('Basics — Demo course');
    await page.screenshot({ path: join(ARTIFACTS, 'certificate-sidebar.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), certificate.locator('.va-Certificate-pdf').click()]);
    const pdfPath = join(ARTIFACTS, 'downloaded-certificate.pdf');
    await download.saveAs(pdfPath);
    const pdf = readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // Anyone can check the downloaded file at the public API…
    const checked = await (await fetch(`${hub.url}/services/academy/api/verify`, { method: 'POST', body: pdf })).json();
    expect(checked).toMatchObject({ status: 'valid', certificate: { learner, achievement: 'Basics — Demo course' } });

    // …and the link in the PDF's QR code opens a page that says so.
    const verifyUrl = await certificate.locator('.va-Certificate-share').getAttribute('title');
    expect(verifyUrl).toMatch(/^http:\/\/localhost:\d+\/services\/academy\/verify\//);
    const verifier = await context.newPage();
    await verifier.goto(verifyUrl!);
    await expect(verifier.locator('.result').getAttribute('data-status')).resolves.toBe('valid');
    await expect(verifier.locator('.result').innerText()).resolves.toContain(learner);
    // What the credential signs, labelled for comparison with the printed page.
    await expect(verifier.locator('.signed-name').innerText()).resolves.toBe(learner);
    await expect(verifier.locator('.signed-achievement').innerText()).resolves.toBe('Basics — Demo course');
    await expect(verifier.locator('.compare').innerText()).resolves.toContain('Compare the name, achievement and date with the printed certificate');
    await verifier.screenshot({ path: join(ARTIFACTS, 'certificate-verification.png'), fullPage: true });

    // A recipient who was sent the PDF uploads it on the same page.
    await verifier.goto(verifyUrl!.replace(/verify\/[^/]+$/, 'verify'));
    await verifier.setInputFiles('#file', pdfPath);
    await verifier.click('#upload [type="submit"]');
    await verifier.locator('.result[data-status]').waitFor();
    await expect(verifier.locator('.result').getAttribute('data-status')).resolves.toBe('valid');
    await expect(verifier.locator('.result').innerText()).resolves.toContain(learner);
    await expect(verifier.locator('.signed-name').innerText()).resolves.toBe(learner);

    expect(offOrigin(requests)).toEqual([]);
  });

  it('awards a module badge when the module’s last lesson is passed, shows its artwork and verifies it on the public page', async () => {
    const learner = `badge-${randomBytes(3).toString('hex')}`;
    const own = await launchBrowser();
    const page = await own.newPage();
    const pageRequests = recordRequests(own);
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    const sidebar = page.locator('#voxel-academy-sidebar');
    await sidebar.locator('.va-Certificates').waitFor({ timeout: 60_000 });
    await expect(sidebar.locator('.va-Badges').count()).resolves.toBe(0);

    // Lesson one's quiz, then lesson two's segmentation (a mask uploaded as the panel does):
    // the "First steps" module is complete.
    const mask = Array.from(writeNifti(sphere(24, 6), { gzip: true }));
    const statuses = await page.evaluate(
      async ({ answers, mask: bytes }) => {
        const headers = { 'content-type': 'application/json', 'x-voxel-academy': '1' };
        const api = '/services/academy/api';
        const quiz = await fetch(`${api}/courses/demo/assessments/quiz/submissions`, { method: 'POST', headers, body: JSON.stringify({ answers }) });
        const upload = await fetch(`${api}/uploads`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-voxel-academy': '1' }, body: new Uint8Array(bytes) });
        const { uploadId } = (await upload.json()) as { uploadId: string };
        const body = JSON.stringify({ answers: { mask: { type: 'image', uploadId }, volume: { type: 'number', value: 0.9, unit: 'mL' } } });
        const segmentation = await fetch(`${api}/courses/demo/assessments/segmentation/submissions`, { method: 'POST', headers, body });
        return [quiz.status, upload.status, segmentation.status];
      },
      { answers: PASSING, mask }
    );
    expect(statuses).toEqual([201, 201, 201]);

    // The badge arrives live, with its generated artwork.
    const badge = sidebar.locator('.va-ModuleBadge[data-module-id="first-steps"]');
    await badge.waitFor({ timeout: 30_000 });
    await expect(badge.locator('.va-Certificate-title').innerText()).resolves.toBe('First steps — Demo course');
    await expect.poll(() => badge.locator('img.va-ModuleBadge-art').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(120);
    await sidebar.locator('.va-Badges').screenshot({ path: join(ARTIFACTS, 'module-badge-sidebar.png') });
    // JupyterLab tells of the badge, and of the milestones the two submissions reached.
    await page.getByText('Badge earned: First steps — Demo course').first().waitFor({ timeout: 30_000 });
    await page.getByText('Milestone reached: First image graded').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'module-badge-notifications.png') });

    // Its Verify link opens the public verification page, which finds it valid.
    const verifyUrl = await badge.locator('.va-ModuleBadge-verify').getAttribute('href');
    expect(verifyUrl).toMatch(/^http:\/\/localhost:\d+\/services\/academy\/verify\//);
    const verifier = await own.newPage();
    await verifier.goto(verifyUrl!);
    await expect(verifier.locator('.result').getAttribute('data-status')).resolves.toBe('valid');
    await expect(verifier.locator('.signed-achievement').innerText()).resolves.toBe('First steps — Demo course');
    await expect(verifier.locator('.signed-name').innerText()).resolves.toBe(learner);
    await expect(verifier.locator('h1').innerText()).resolves.toMatch(/ badge$/);
    await verifier.screenshot({ path: join(ARTIFACTS, 'module-badge-verification.png'), fullPage: true });
    expect(offOrigin(pageRequests)).toEqual([]);
    await own.close();
  });
});
