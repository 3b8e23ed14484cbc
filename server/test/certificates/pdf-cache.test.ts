import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCredential } from '../../src/certificates/credential.js';
import { loadOrCreateKeys } from '../../src/certificates/keys.js';
import { CertificatePdfCache } from '../../src/certificates/pdf-cache.js';
import { REVOKED_NOTICE, renderCertificatePdf, type ICertificatePdfInput } from '../../src/certificates/pdf.js';
import { signCredential } from '../../src/certificates/sign.js';
import { pdfText } from '../support/pdf-text.js';

const ISSUER = 'http://localhost:8000/services/academy/issuer';
const ID = '018f0000-0000-7000-8000-0000000000bb';

describe('certificate PDF cache', () => {
  let input: ICertificatePdfInput;

  beforeAll(async () => {
    const keys = await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'voxel-keys-')), 'k.json'), ISSUER);
    const signed = await signCredential(
      buildCredential({
        id: ID,
        issuer: { id: ISSUER, name: 'Voxel Academy', url: 'http://localhost:8000/' },
        learner: 'Grace',
        achievement: { id: `${ISSUER}/achievements/mia/foundation`, name: 'Foundation', description: 'd', criteria: 'c' },
        validFrom: '2026-11-21T09:30:00Z'
      }),
      keys
    );
    input = {
      signed,
      learner: 'Grace',
      title: 'Foundation',
      course: 'Medical Image Analysis',
      issuerName: 'Voxel Academy',
      issuedAt: new Date('2026-11-21T09:30:00Z'),
      achievements: [{ title: 'Introduction to medical imaging', score: 0.9 }],
      credentialId: `urn:uuid:${ID}`,
      verifyUrl: `http://localhost:8000/services/academy/verify/${ID}`
    };
  });

  it('serves a PDF only for the exact page it was rendered from: never the valid one once revoked', async () => {
    const cache = new CertificatePdfCache();
    const valid = await renderCertificatePdf(input);
    cache.set(ID, input, valid);
    expect(cache.get(ID, { ...input })).toBe(valid);

    // A replica that never saw the revocation still reads the revoked row: its input differs.
    const revokedInput: ICertificatePdfInput = { ...input, revoked: { at: new Date('2026-11-25T10:00:00Z'), reason: 'misconduct' } };
    expect(cache.get(ID, revokedInput)).toBeNull();
    const revoked = await renderCertificatePdf(revokedInput);
    expect(pdfText(revoked)).toContain(`${REVOKED_NOTICE} on 2026-11-25: misconduct`);
    expect(pdfText(valid)).not.toContain('REVOKED');
    cache.set(ID, revokedInput, revoked);
    expect(cache.get(ID, input)).toBeNull();
    expect(cache.get(ID, revokedInput)).toBe(revoked);

    // A changed score is a different page too.
    expect(cache.get(ID, { ...revokedInput, achievements: [{ title: 'Introduction to medical imaging', score: 1 }] })).toBeNull();
    cache.delete(ID);
    expect(cache.get(ID, revokedInput)).toBeNull();
  });

  it('keeps at most its bound, dropping the least recently used', () => {
    const cache = new CertificatePdfCache(2);
    const bytes = Buffer.from('%PDF-');
    cache.set('a', input, bytes);
    cache.set('b', input, bytes);
    expect(cache.get('a', input)).toBe(bytes); // a is now the most recent
    cache.set('c', input, bytes);
    expect(cache.size).toBe(2);
    expect(cache.get('b', input)).toBeNull();
    expect(cache.get('a', input)).toBe(bytes);
    expect(cache.get('c', input)).toBe(bytes);
  });
});
