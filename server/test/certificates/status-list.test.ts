import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { CertificateSummary, VerificationResult } from '@voxel-academy/protocol';
import { describe, expect, it } from 'vitest';
import { documentLoader } from '../../src/certificates/contexts.js';
import { bitIsSet, decodeStatusList, encodeStatusList, STATUS_LIST_BITS } from '../../src/certificates/status-list.js';
import { earnDemoCertificate, useDemoApp } from '../support/demo.js';
import { loginAs } from '../support/session.js';

describe('Bitstring Status List encoding', () => {
  it('sets bit 0 as the first byte’s high bit, gzip + multibase base64url, 16 KB minimum', () => {
    const encoded = encodeStatusList([0, 9, STATUS_LIST_BITS - 1]);
    expect(encoded.startsWith('u')).toBe(true);
    const bits = decodeStatusList(encoded);
    expect(bits.length).toBe(16 * 1024);
    expect(bits[0]).toBe(0x80);
    expect(bits[1]).toBe(0x40);
    expect([0, 1, 9, 10, STATUS_LIST_BITS - 1].map((b) => bitIsSet(bits, b))).toEqual([true, false, true, false, true]);
    expect(() => decodeStatusList(`u${Buffer.from('not gzip').toString('base64url')}`)).toThrow();
  });
});

/** What a third party does with a certificate: fetch the list its credential names and check the bit. */
describe('revocation anyone can check (W3C Bitstring Status List)', () => {
  const demo = useDemoApp({ ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000' });
  const local = (url: string): string => demo.app.base + new URL(url).pathname;

  async function thirdPartyCheck(credential: Record<string, unknown>): Promise<{ verified: boolean; revoked: boolean; list: Record<string, unknown> }> {
    const status = credential['credentialStatus'] as Record<string, string>;
    const list = (await (await fetch(local(status['statusListCredential']!))).json()) as Record<string, unknown>;
    // Keys come from the published issuer profile, contexts from the bundled copies: no server internals.
    const profile = (await (await fetch(`${demo.app.base}/services/academy/issuer`)).json()) as { id: string; assertionMethod: Array<{ id: string }> };
    const loader = documentLoader((url) => {
      if (url === profile.id) return profile;
      const method = profile.assertionMethod.find((m) => m.id === url);
      return method ? { '@context': 'https://w3id.org/security/multikey/v1', ...method } : undefined;
    });
    const { verified } = await vc.verifyCredential({ credential: list, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader });
    const bits = decodeStatusList((list['credentialSubject'] as { encodedList: string }).encodedList);
    return { verified, revoked: bitIsSet(bits, Number(status['statusListIndex'])), list };
  }

  it('issues credentials naming their bit in the signed list, flips it on revoke, and our verifier reads it', async () => {
    const { certificate } = await earnDemoCertificate(demo.app.base, demo.hub, 'ada');
    const { certificate: other } = await earnDemoCertificate(demo.app.base, demo.hub, 'bob');
    const download = async (c: CertificateSummary): Promise<Record<string, unknown>> => ((await (await fetch(local(`http://x${c.credentialUrl}`))).json()) as { credential: Record<string, unknown> }).credential;
    const credential = await download(certificate);
    expect(credential['credentialStatus']).toEqual({
      id: 'http://localhost:8000/services/academy/status/0#0',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '0',
      statusListCredential: 'http://localhost:8000/services/academy/status/0'
    });
    expect((await download(other))['credentialStatus']).toMatchObject({ statusListIndex: '1' });

    const before = await thirdPartyCheck(credential);
    expect(before).toMatchObject({ verified: true, revoked: false });
    expect(before.list).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: 'http://localhost:8000/services/academy/issuer' });

    const teach = await loginAs(demo.app.base, demo.hub, { name: 'teach', groups: ['instructors'] });
    expect((await teach.post(`/services/academy/api/certificates/${certificate.id}/revoke`, { reason: 'plagiarism found' })).status).toBe(200);

    const after = await thirdPartyCheck(credential);
    expect(after).toMatchObject({ verified: true, revoked: true });
    expect((await thirdPartyCheck(await download(other))).revoked).toBe(false);

    const ours = (await (await fetch(`${demo.app.base}/services/academy/api/verify/${certificate.id}`)).json()) as VerificationResult;
    expect(ours.status).toBe('revoked');
    expect(ours.checks.find((c) => c.name === 'status list')).toMatchObject({ ok: false, detail: expect.stringMatching(/Revoked in the issuer's signed status list \(.*status\/0, position 0\)/) });
  });

  it('a list whose bits were changed after signing fails its signature check', async () => {
    const { certificate } = await earnDemoCertificate(demo.app.base, demo.hub, 'cyd');
    const credential = ((await (await fetch(local(`http://x${certificate.credentialUrl}`))).json()) as { credential: Record<string, unknown> }).credential;
    const { list } = await thirdPartyCheck(credential);
    const forged = structuredClone(list) as { credentialSubject: { encodedList: string } };
    forged.credentialSubject.encodedList = encodeStatusList([Number((credential['credentialStatus'] as { statusListIndex: string }).statusListIndex)]);
    const profile = await (await fetch(`${demo.app.base}/services/academy/issuer`)).json();
    const loader = documentLoader((url) => (url === profile.id ? profile : profile.assertionMethod.find((m: { id: string }) => m.id === url) ? { '@context': 'https://w3id.org/security/multikey/v1', ...profile.assertionMethod[0] } : undefined));
    expect((await vc.verifyCredential({ credential: forged, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader })).verified).toBe(false);
  });

  it('serves only lists that exist', async () => {
    expect((await fetch(`${demo.app.base}/services/academy/status/7`)).status).toBe(404);
    expect((await fetch(`${demo.app.base}/services/academy/status/..%2f..`)).status).toBe(404);
  });
});
