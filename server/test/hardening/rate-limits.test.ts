import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNifti } from '../../src/imaging/nifti.js';
import { startTestApp, type ITestApp } from '../support/app.js';
import { earnDemoCertificate } from '../support/demo.js';
import { FakeHub } from '../support/fake-hub.js';
import { fixtureContent, sphere } from '../support/fixture-content.js';
import type { Browser } from '../support/http.js';
import { loginAs } from '../support/session.js';
import { SECRET } from '../support/test-config.js';

const PREFIX = '/services/academy';

async function expect429(res: Response, detail: RegExp): Promise<void> {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(await res.json()).toMatchObject({ code: 'rate_limited', detail: expect.stringMatching(detail) });
}

describe('rate limits per client (public routes, login) and per learner (uploads)', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  let pdfPath = '';
  let certificateId = '';
  let bob: Browser;

  beforeAll(async () => {
    await hub.start();
    app = await startTestApp(
      hub.apiUrl,
      { ACADEMY_LOGIN_RATE_PER_MINUTE: '4', ACADEMY_COSTLY_RATE_PER_MINUTE: '2', ACADEMY_PUBLIC_RATE_PER_MINUTE: '5', ACADEMY_UPLOAD_RATE_PER_MINUTE: '2' },
      fixtureContent()
    );
    const { certificate } = await earnDemoCertificate(app.base, hub, 'ada');
    pdfPath = new URL(certificate.pdfUrl, 'http://x').pathname;
    certificateId = certificate.id;
    bob = await loginAs(app.base, hub, { name: 'bob' });
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  const from = (ip: string): Record<string, string> => ({ 'x-forwarded-for': ip });

  it('limits login starts per client address, as the hub proxy reports it', async () => {
    // The logins in beforeAll came from 127.0.0.1 without a forwarded address; this client is new.
    for (let i = 0; i < 4; i++) expect((await fetch(`${app.base}${PREFIX}/oauth_login`, { redirect: 'manual', headers: from('203.0.113.7') })).status).toBe(302);
    await expect429(await fetch(`${app.base}${PREFIX}/oauth_login`, { redirect: 'manual', headers: from('203.0.113.7') }), /login attempts from your address: at most 4 per minute/);
    // Someone else behind the same proxy still logs in.
    expect((await fetch(`${app.base}${PREFIX}/oauth_login`, { redirect: 'manual', headers: from('203.0.113.8') })).status).toBe(302);
  });

  it('limits the costly public routes: verifying an upload and rendering a certificate PDF', async () => {
    const pdf = new Uint8Array(await (await fetch(app.base + pdfPath, { headers: from('198.51.100.1') })).arrayBuffer());
    expect((await fetch(app.base + pdfPath, { headers: from('198.51.100.1') })).status).toBe(200);
    await expect429(await fetch(app.base + pdfPath, { headers: from('198.51.100.1') }), /certificate PDFs/);
    const verify = (): Promise<Response> => fetch(`${app.base}${PREFIX}/api/verify`, { method: 'POST', body: pdf, headers: from('198.51.100.1') });
    expect((await verify()).status).toBe(200);
    expect((await verify()).status).toBe(200);
    await expect429(await verify(), /verifications of uploaded files/);
  });

  it('limits the cheap public reads too, with a higher ceiling', async () => {
    const read = (): Promise<Response> => fetch(`${app.base}${PREFIX}/api/verify/${certificateId}`, { headers: from('192.0.2.50') });
    for (let i = 0; i < 5; i++) expect((await read()).status).toBe(200);
    await expect429(await read(), /requests to public pages/);
  });

  it('limits uploads per learner, whatever address they come from', async () => {
    const mask = writeNifti(sphere(8, 2), { gzip: true });
    expect((await bob.post(`${PREFIX}/api/uploads`, mask, from('192.0.2.1'))).status).toBe(201);
    expect((await bob.post(`${PREFIX}/api/uploads`, mask, from('192.0.2.2'))).status).toBe(201);
    await expect429(await bob.post(`${PREFIX}/api/uploads`, mask, from('192.0.2.3')), /At most 2 uploads a minute/);
  });
});

describe('X-Forwarded-For is believed only from the trusted proxy', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    // The proxy is elsewhere: a client connecting directly cannot pick its own address.
    app = await startTestApp(hub.apiUrl, { ACADEMY_LOGIN_RATE_PER_MINUTE: '2', ACADEMY_TRUSTED_PROXIES: '10.255.255.1' }, fixtureContent());
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('counts a spoofed address as the connection it came from', async () => {
    const start = (ip: string): Promise<Response> => fetch(`${app.base}${PREFIX}/oauth_login`, { redirect: 'manual', headers: from(ip) });
    expect((await start('203.0.113.1')).status).toBe(302);
    expect((await start('203.0.113.2')).status).toBe(302);
    expect((await start('203.0.113.3')).status).toBe(429);
  });
});

function from(ip: string): Record<string, string> {
  return { 'x-forwarded-for': ip };
}
