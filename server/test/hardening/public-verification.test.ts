import type { CertificateSummary } from '@voxel-academy/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { earnDemoCertificate, useDemoApp } from '../support/demo.js';
import { pdfAttachmentBomb, pdfEndlessXref, pdfObjectStreamBomb } from '../support/hostile-files.js';

const VERIFY = '/services/academy/api/verify';

/** Anyone may post a file to the public verification API: nothing they send may hurt anyone else. */
describe('the public verification API under abuse', () => {
  const demo = useDemoApp({ ACADEMY_VERIFY_SECONDS: '2' });
  let certificate: CertificateSummary;
  let genuinePdf: Buffer;

  beforeAll(async () => {
    ({ certificate } = await earnDemoCertificate(demo.app.base, demo.hub, 'ada'));
    genuinePdf = Buffer.from(await (await fetch(demo.app.base + new URL(certificate.pdfUrl, 'http://x').pathname)).arrayBuffer());
  });

  const post = (body: Buffer | string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(demo.app.base + VERIFY, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': 'application/octet-stream', ...headers } });

  it('stops a PDF that keeps the parser busy at the time limit, while certificate work goes on', async () => {
    // 150 bytes that kept the single certificate worker busy for minutes: issuing, PDFs and
    // verification all waited behind it until a restart.
    const stuck = post(pdfEndlessXref());
    const byId = await fetch(`${demo.app.base}/services/academy/api/verify/${certificate.id}`);
    expect(await byId.json()).toMatchObject({ status: 'valid' });
    const pdf = await fetch(demo.app.base + new URL(certificate.pdfUrl, 'http://x').pathname);
    expect(pdf.status).toBe(200);
    const res = await stuck;
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'too_complex', detail: expect.stringMatching(/declares more than 100,000 objects/) });
  });

  it('stops any parse that outruns the time limit, and the next upload is verified on a fresh worker', async () => {
    // 1.9 MB that pdf-lib crawls through at ~4 s per MB: well past the 2 s limit set here.
    const res = await post(Buffer.from('%PDF-1.7\n' + 'x'.repeat(1_900_000)));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'too_complex', detail: expect.stringMatching(/within the 2 s limit/) });
    const again = await post(genuinePdf);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'valid' });
  });

  it.each([
    ['an attachment that inflates to 1 GB', () => pdfAttachmentBomb(1024)],
    ['an object stream that inflates to 512 MB while loading', () => pdfObjectStreamBomb(512)]
  ])('refuses a PDF with %s without inflating it', async (_name, build) => {
    const body = build();
    expect(body.length).toBeLessThan(2 * 1024 * 1024);
    let peak = process.memoryUsage.rss();
    const start = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
    const res = await post(body).finally(() => clearInterval(sampler));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'too_complex', detail: expect.stringMatching(/decodes to more than 4 MB/) });
    expect(peak - start).toBeLessThan(256 * 1024 * 1024);
  });

  it.each([['5'], ['"a string"'], ['null'], ['[1, 2]'], ['true']])('answers 400, not 500, to JSON that is not an object: %s', async (text) => {
    const res = await post(text, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_request', detail: expect.stringMatching(/credential/) });
  });

  it('answers 400 to JSON nested far deeper than any credential', async () => {
    const res = await post('{"a":'.repeat(5000) + '1' + '}'.repeat(5000), { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_request', detail: expect.stringMatching(/nests deeper than 32/) });
  });

  it('answers 413 to a body over the route limit and 400 to an empty one', async () => {
    expect((await post(Buffer.alloc(3 * 1024 * 1024))).status).toBe(413);
    const empty = await post('');
    expect(empty.status).toBe(400);
  });
});
