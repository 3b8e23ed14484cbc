import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCredential } from '../../src/certificates/credential.js';
import { loadOrCreateKeys, publicKeys, type IIssuerKeys } from '../../src/certificates/keys.js';
import { extractCredentialFromPdf } from '../../src/certificates/pdf-extract.js';
import { COMPARE_NOTICE, renderCertificatePdf, SIGNED_NOTICE } from '../../src/certificates/pdf.js';
import { signCredential, type ISignedCredential } from '../../src/certificates/sign.js';
import { verifyProofs } from '../../src/certificates/verify.js';
import { pdfText } from '../support/pdf-text.js';

const ISSUER = 'http://localhost:8000/services/academy/issuer';

describe('certificate PDF', () => {
  let keys: IIssuerKeys;
  let signed: ISignedCredential;
  let pdf: Buffer;

  beforeAll(async () => {
    keys = await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'voxel-keys-')), 'k.json'), ISSUER);
    signed = await signCredential(
      buildCredential({
        id: '018f0000-0000-7000-8000-0000000000aa',
        issuer: { id: ISSUER, name: 'Voxel Academy', url: 'http://localhost:8000/' },
        learner: 'Żółć Ivanova-Ёжик',
        achievement: { id: `${ISSUER}/achievements/mia/foundation`, name: 'Foundation — Medical Image Analysis', description: 'd', criteria: 'c' },
        validFrom: '2026-11-21T09:30:00Z'
      }),
      keys
    );
    pdf = await renderCertificatePdf({
      signed,
      learner: 'Żółć Ivanova-Ёжик',
      title: 'Foundation — Medical Image Analysis',
      course: 'Medical Image Analysis',
      issuerName: 'Voxel Academy',
      issuedAt: new Date('2026-11-21T09:30:00Z'),
      achievements: [
        { title: 'Introduction to medical imaging', score: 0.92 },
        { title: 'First analysis workflow', score: 1 }
      ],
      credentialId: 'urn:uuid:018f0000-0000-7000-8000-0000000000aa',
      verifyUrl: 'http://localhost:8000/services/academy/verify/018f0000-0000-7000-8000-0000000000aa'
    });
    const out = join(process.cwd(), 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'certificate.pdf'), pdf);
  });

  it('is a one-page PDF carrying the signed credential, which verifies', async () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    const attached = await extractCredentialFromPdf(pdf);
    expect(attached?.jwt).toBe(signed.jwt);
    const report = await verifyProofs(attached!, publicKeys(keys), new Date('2026-11-22T00:00:00Z'));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.facts?.learner).toBe('Żółć Ivanova-Ёжик');
  });

  it('says on the page that the attached credential is what is signed, and prints what it signs', () => {
    const text = pdfText(pdf);
    expect(text).toContain(SIGNED_NOTICE);
    expect(text).toContain(COMPARE_NOTICE);
    // The name and achievement a reader compares with the verification page are the signed ones.
    expect(text).toContain('Żółć Ivanova-Ёжик');
    expect(text).toContain('Foundation — Medical Image Analysis');
    expect(text).toContain('2026-11-21');
  });

  it('embeds a font that can draw the learner’s name', () => {
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
  });

  it('fails verification when the attached credential was edited', async () => {
    // Rewrite the attachment stream with a changed name, keeping the PDF otherwise intact.
    const text = pdf.toString('latin1');
    const marker = text.indexOf('/Type /EmbeddedFile');
    const start = text.indexOf('stream\n', marker) + 'stream\n'.length;
    const end = text.indexOf('\nendstream', start);
    const json = inflateSync(pdf.subarray(start, end)).toString().replace('Żółć Ivanova-Ёжик', 'Mallory');
    const forged = Buffer.concat([pdf.subarray(0, start), deflateSync(Buffer.from(json)), pdf.subarray(end)]);
    const attached = await extractCredentialFromPdf(forged);
    expect(attached).not.toBeNull();
    const report = await verifyProofs(attached!, publicKeys(keys), new Date('2026-11-22T00:00:00Z'));
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name).sort()).toEqual(['VC-JWT proof', 'data-integrity proof']);
  });

  it('finds nothing in a PDF without the attachment or in garbage', async () => {
    expect(await extractCredentialFromPdf(new TextEncoder().encode('%PDF-1.4 nonsense'))).toBeNull();
    expect(await extractCredentialFromPdf(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});
