import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CertificateSummary, VerificationResult } from '@voxel-academy/protocol';
import { startTestApp, type ITestApp } from '../support/app.js';
import { FakeHub } from '../support/fake-hub.js';
import { fixtureContent } from '../support/fixture-content.js';
import type { Browser } from '../support/http.js';
import { DEMO_QUIZ_PASSING } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { loginAs } from '../support/session.js';
import { SECRET } from '../support/test-config.js';
import { backendEnv, BACKENDS, type IBackendEnv } from '../support/backends.js';

const QUIZ = '/services/academy/api/courses/demo/assessments/quiz/submissions';
const PASSING = DEMO_QUIZ_PASSING;

async function certificatesOf(browser: Browser): Promise<CertificateSummary[]> {
  return (await browser.get('/services/academy/api/certificates')).json();
}

describe.each(BACKENDS)('issuing and verifying certificates [%s]', (backend) => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  let ada: Browser;
  let cert: CertificateSummary;
  let database: IBackendEnv;

  beforeAll(async () => {
    await hub.start();
    database = await backendEnv(backend);
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000', ...database.env }, fixtureContent());
    ada = await loginAs(app.base, hub, { name: 'Żółć Ada' });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await hub.stop();
    await database.stop();
  });

  it('issues one certificate when the rules are met, even for concurrent passing submits, and pushes it live', async () => {
    const failing = await ada.post(QUIZ, { answers: { modality: { type: 'choice', selected: ['mri'] } } });
    expect((await failing.json()).passed).toBe(false);
    expect(await certificatesOf(ada)).toEqual([]);

    const ws = new WebSocket(app.base.replace('http', 'ws') + '/services/academy/api/events', { headers: { cookie: ada.cookieHeader(), origin: app.base } });
    const issued = new Promise<{ certificate: CertificateSummary }>((resolve) =>
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as { type: string; certificate: CertificateSummary };
        if (event.type === 'certificate.issued') resolve(event);
      })
    );
    await new Promise((r) => ws.once('open', r));
    const results = await Promise.all([ada.post(QUIZ, { answers: PASSING }), ada.post(QUIZ, { answers: PASSING })]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    const event = await issued;
    ws.close();
    const list = await certificatesOf(ada);
    expect(list).toHaveLength(1);
    cert = list[0]!;
    expect(event.certificate.id).toBe(cert.id);
    expect(cert).toMatchObject({ courseId: 'demo', trackId: 'basics', title: 'Basics — Demo course', revoked: false });
    expect(cert.verifyUrl).toBe(`http://localhost:8000/services/academy/verify/${cert.id}`);
  });

  it('verifies by id, and shows who earned what and when', async () => {
    const result = (await (await fetch(`${app.base}/services/academy/api/verify/${cert.id}`)).json()) as VerificationResult;
    expect(result.status).toBe('valid');
    expect(result.certificate).toMatchObject({ learner: 'Żółć Ada', achievement: 'Basics — Demo course', course: 'Demo course', kind: 'certificate' });
    expect(result.checks.every((c) => c.ok)).toBe(true);
    const page = await (await fetch(`${app.base}/services/academy/verify/${cert.id}`)).text();
    expect(page).toContain('data-status="valid"');
    // The signed name, achievement and date, labelled so a reader compares them with the printout.
    expect(page).toContain('<dd class="signed-name">Żółć Ada</dd>');
    expect(page).toContain('<dd class="signed-achievement">Basics — Demo course</dd>');
    expect(page).toMatch(/<dd class="signed-date">\d{4}-\d\d-\d\d /);
    expect(page).toContain('Compare the name, achievement and date with the printed certificate');
    expect(page).toMatch(/<h1>Verify a .+ certificate<\/h1>/);
  });

  it('verifies the downloaded PDF and credential, and rejects tampered copies with a reason', async () => {
    const pdf = Buffer.from(await (await fetch(`${app.base}${cert.pdfUrl}`)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const fromPdf = (await (await fetch(`${app.base}/services/academy/api/verify`, { method: 'POST', body: pdf })).json()) as VerificationResult;
    expect(fromPdf.status).toBe('valid');

    const downloaded = await (await fetch(`${app.base}${cert.credentialUrl}`)).text();
    const ok = (await (await fetch(`${app.base}/services/academy/api/verify`, { method: 'POST', body: downloaded })).json()) as VerificationResult;
    expect(ok.status).toBe('valid');

    const tampered = downloaded.replace('Żółć Ada', 'Mallory');
    const bad = (await (await fetch(`${app.base}/services/academy/api/verify`, { method: 'POST', body: tampered })).json()) as VerificationResult;
    expect(bad.status).toBe('invalid');
    expect(bad.summary).toMatch(/altered/);

    const garbage = await fetch(`${app.base}/services/academy/api/verify`, { method: 'POST', body: 'hello' });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).detail).toContain('PDF');
  });

  it('lets an instructor revoke with a reason, which every check then reports', async () => {
    const download = async (): Promise<Buffer<ArrayBuffer>> => Buffer.from(await (await fetch(`${app.base}${cert.pdfUrl}`)).arrayBuffer());
    // Rendered once and then cached: pdfkit stamps each rendering with its time, so equal bytes are the cached copy.
    const before = await download();
    expect((await download()).equals(before)).toBe(true);
    const teacher = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    expect((await ada.post(`/services/academy/api/certificates/${cert.id}/revoke`, { reason: 'academic misconduct' })).status).toBe(403);
    const revoked = await teacher.post(`/services/academy/api/certificates/${cert.id}/revoke`, { reason: 'academic misconduct' });
    expect(await revoked.json()).toMatchObject({ revoked: true, reason: 'academic misconduct' });
    const status = await (await fetch(`${app.base}/services/academy/api/certificates/${cert.id}/status`)).json();
    expect(status).toMatchObject({ revoked: true, reason: 'academic misconduct' });
    const result = (await (await fetch(`${app.base}/services/academy/api/verify/${cert.id}`)).json()) as VerificationResult;
    expect(result.status).toBe('revoked');
    expect(result.summary).toContain('academic misconduct');
    expect((await certificatesOf(ada))[0]).toMatchObject({ revoked: true, revokedReason: 'academic misconduct' });

    // The cached valid-looking PDF is gone: the page now says it is revoked, and why.
    const after = await download();
    expect(after.equals(before)).toBe(false);
    expect(pdfText(after)).toMatch(/REVOKED — this certificate is no longer valid\. Revoked on \d{4}-\d\d-\d\d: academic misconduct/);
    expect(pdfText(before)).not.toContain('REVOKED');
    const fromPdf = (await (await fetch(`${app.base}/services/academy/api/verify`, { method: 'POST', body: after })).json()) as VerificationResult;
    expect(fromPdf.status).toBe('revoked');
  });

  it('publishes the issuer profile and keys; after a rotation old certificates still verify', async () => {
    const profile = await (await fetch(`${app.base}/services/academy/issuer`)).json();
    expect(profile).toMatchObject({ type: 'Profile', name: 'Voxel Academy', id: 'http://localhost:8000/services/academy/issuer' });
    expect(profile.assertionMethod).toHaveLength(1);
    const root = await loginAs(app.base, hub, { name: 'root', admin: true });
    expect((await ada.post('/services/academy/api/admin/keys/rotate')).status).toBe(403);
    const rotated = await root.post('/services/academy/api/admin/keys/rotate');
    expect(rotated.status).toBe(200);
    const after = await (await fetch(`${app.base}/services/academy/issuer`)).json();
    expect(after.assertionMethod).toHaveLength(2);
    const jwks = await (await fetch(`${app.base}/services/academy/issuer/jwks.json`)).json();
    expect(jwks.keys).toHaveLength(2);
    const old = (await (await fetch(`${app.base}/services/academy/api/verify/${cert.id}`)).json()) as VerificationResult;
    // Revoked earlier: the database and the status list (re-signed with the new keys) both say so.
    expect(old.checks.filter((c) => c.name !== 'revocation' && c.name !== 'status list').every((c) => c.ok)).toBe(true);
    expect(old.checks.find((c) => c.name === 'status list')).toMatchObject({ ok: false, detail: expect.stringMatching(/^Revoked in the issuer's signed status list/) });
    expect(old.status).toBe('revoked');

    const bob = await loginAs(app.base, hub, { name: 'bob' });
    await bob.post(QUIZ, { answers: PASSING });
    let fresh: CertificateSummary | undefined;
    for (let i = 0; i < 100 && !fresh; i++) fresh = (await certificatesOf(bob))[0];
    const credential = await (await fetch(`${app.base}${fresh!.credentialUrl}`)).json();
    expect(credential.credential.proof.verificationMethod).toBe((await rotated.json()).ed25519);
  });
});
