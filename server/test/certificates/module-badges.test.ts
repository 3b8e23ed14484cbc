import { describe, expect, it } from 'vitest';
import { BadgeSummary, CertificateSummary, VerificationResult } from '@voxel-academy/protocol';
import { writeNifti } from '../../src/imaging/nifti.js';
import { DEMO_QUIZ_PASSING, useDemoApp } from '../support/demo.js';
import { sphere } from '../support/fixture-content.js';
import { loginAs } from '../support/session.js';
import type { Browser } from '../support/http.js';
import { ofType, openLiveSocket, until } from '../support/live.js';

const API = '/services/academy/api';

async function badgesOf(browser: Browser): Promise<BadgeSummary[]> {
  const res = await browser.get(`${API}/badges`);
  expect(res.status).toBe(200);
  return BadgeSummary.array().parse(await res.json());
}

/** Passes lesson two's segmentation: a good mask of the sphere and its volume. */
async function passSegmentation(browser: Browser): Promise<void> {
  const { uploadId } = await (await browser.post(`${API}/uploads`, writeNifti(sphere(24, 6), { gzip: true }))).json();
  const res = await browser.post(`${API}/courses/demo/assessments/segmentation/submissions`, { answers: { mask: { type: 'image', uploadId }, volume: { type: 'number', value: 0.9, unit: 'mL' } } });
  expect(res.status).toBe(201);
  expect((await res.json()).passed).toBe(true);
}

describe('module badges', () => {
  const demo = useDemoApp({ ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000' });

  it('issues one signed Open Badges credential per completed module, with its artwork, verifiable like a certificate', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    // Lesson one's quiz earns the track's certificate, but the module also has lesson two.
    expect((await ada.post(`${API}/courses/demo/assessments/quiz/submissions`, { answers: DEMO_QUIZ_PASSING })).status).toBe(201);
    expect(await badgesOf(ada)).toEqual([]);

    const tab = await openLiveSocket(app, ada);
    await passSegmentation(ada);
    const [badge, ...more] = await badgesOf(ada);
    // Her open tabs hear of it at once, as a badge (not as a certificate).
    await until(() => ofType(tab, 'badge.issued').length === 1);
    expect((ofType(tab, 'badge.issued')[0]?.['badge'] as { id: string }).id).toBe(badge!.id);
    expect(ofType(tab, 'certificate.issued')).toEqual([]);
    tab.ws.close();
    expect(more).toEqual([]);
    expect(badge).toMatchObject({ courseId: 'demo', moduleId: 'first-steps', title: 'First steps — Demo course', revoked: false });
    const svg = Buffer.from(badge!.image.split(',')[1]!, 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('>FS</text>');
    expect(svg).not.toMatch(/<script|href=/);

    // The certificates list keeps certificates only.
    const certificates = CertificateSummary.array().parse(await (await ada.get(`${API}/certificates`)).json());
    expect(certificates.map((c) => c.trackId)).toEqual(['basics']);

    // The credential is an OB 3.0 Badge achievement carrying the same artwork, and verifies.
    const { credential } = await (await fetch(`${app.base}${API}/certificates/${badge!.id}/credential.json`)).json();
    expect(credential.credentialSubject.achievement).toMatchObject({ achievementType: 'Badge', name: 'First steps — Demo course', image: { id: badge!.image, type: 'Image' } });
    expect(credential.credentialSubject.achievement.criteria.narrative).toContain('Lesson one; Lesson two');
    const verified = VerificationResult.parse(await (await fetch(`${app.base}${API}/verify/${badge!.id}`)).json());
    expect(verified.status).toBe('valid');
    expect(verified.certificate).toMatchObject({ achievement: 'First steps — Demo course', kind: 'badge' });
    // Its public page says badge, not certificate (it has no printout to compare with).
    const page = await (await fetch(`${app.base}/services/academy/verify/${badge!.id}`)).text();
    expect(page).toContain('<h1>Verify a Voxel Academy badge</h1>');
    expect(page).toContain('Compare the name, achievement and date with the badge you were shown');
    expect(page).not.toContain('printed certificate');

    // Passing again issues nothing more; another learner has none.
    await passSegmentation(ada);
    expect((await badgesOf(ada)).map((b) => b.id)).toEqual([badge!.id]);
    expect(await badgesOf(await loginAs(app.base, hub, { name: 'bob' }))).toEqual([]);
  });

  it('can be revoked by an instructor, and then verifies as revoked', async () => {
    const { app, hub } = demo;
    const cy = await loginAs(app.base, hub, { name: 'cy' });
    expect((await cy.post(`${API}/courses/demo/assessments/quiz/submissions`, { answers: DEMO_QUIZ_PASSING })).status).toBe(201);
    await passSegmentation(cy);
    const [badge] = await badgesOf(cy);
    const teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    expect((await cy.post(`${API}/certificates/${badge!.id}/revoke`, { reason: 'my own badge' })).status).toBe(403);
    expect((await teach.post(`${API}/certificates/${badge!.id}/revoke`, { reason: 'answers shared in the forum' })).status).toBe(200);
    expect((await badgesOf(cy))[0]).toMatchObject({ revoked: true, revokedReason: 'answers shared in the forum' });
    const revoked = VerificationResult.parse(await (await fetch(`${app.base}${API}/verify/${badge!.id}`)).json());
    expect(revoked.status).toBe('revoked');
    expect(revoked.summary).toBe('Revoked: this badge was withdrawn by the issuer (answers shared in the forum).');
  });

  it('answers 401 to anonymous visitors', async () => {
    expect((await fetch(`${demo.app.base}${API}/badges`)).status).toBe(401);
  });
});
