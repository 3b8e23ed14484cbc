import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The server tests' small course, whose "basics" track awards a certificate for its quiz.
import { DEMO_QUIZ_PASSING as PASSING } from '../server/test/support/demo.js';
import { fixtureContent, fixtureDatasetsDir } from '../server/test/support/fixture-content.js';
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
});
