import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCredential } from '../../src/certificates/credential.js';
import { loadOrCreateKeys, publicKeys, rotateKeys, type IIssuerKeys } from '../../src/certificates/keys.js';
import { signCredential, type ISignedCredential } from '../../src/certificates/sign.js';
import { verifyProofs } from '../../src/certificates/verify.js';

const ISSUER = 'http://localhost:8000/services/academy/issuer';

function credential(issuerId = ISSUER, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...buildCredential({
      id: '018f0000-0000-7000-8000-000000000001',
      issuer: { id: issuerId, name: 'Voxel Academy', url: 'http://localhost:8000/' },
      learner: 'Żółć Ådа',
      achievement: { id: `${ISSUER}/achievements/mia/foundation`, name: 'Foundation', description: 'Foundation track', criteria: 'Pass the foundation assessments.' },
      validFrom: '2026-11-01T10:00:00Z'
    }),
    ...extra
  };
}

const now = new Date('2026-11-22T00:00:00Z');
const failing = (checks: Array<{ name: string; ok: boolean; detail: string }>) => checks.filter((c) => !c.ok);

describe('certificate proofs', () => {
  let keys: IIssuerKeys;
  let signed: ISignedCredential;
  let file: string;

  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'voxel-keys-')), 'keys', 'issuer-keys.json');
    keys = await loadOrCreateKeys(file, ISSUER);
    signed = await signCredential(credential(), keys);
  });

  it('stores keys owner-only and reuses them on the next start', async () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateKeys(file, ISSUER);
    expect(again.ed25519.map((k) => k.id)).toEqual(keys.ed25519.map((k) => k.id));
  });

  it('issues an OpenBadgeCredential whose two proofs both verify', async () => {
    expect(signed.credential['type']).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(signed.credential['proof']).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    const [header] = signed.jwt.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const report = await verifyProofs(signed, publicKeys(keys), now);
    expect(failing(report.checks)).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual(['issuer', 'VC-JWT proof', 'data-integrity proof', 'validity']);
    expect(report.facts).toMatchObject({ learner: 'Żółć Ådа', achievement: 'Foundation' });
    // The JWT alone is a complete credential too.
    expect(failing((await verifyProofs({ jwt: signed.jwt }, publicKeys(keys), now)).checks)).toEqual([]);
  });

  it('rejects a tampered payload in either representation', async () => {
    const altered = structuredClone(signed.credential);
    (altered['credentialSubject'] as { achievement: { name: string } }).achievement.name = 'Advanced';
    const report = await verifyProofs({ credential: altered }, publicKeys(keys), now);
    expect(failing(report.checks).map((c) => c.name)).toEqual(['data-integrity proof']);
    expect(failing(report.checks)[0]!.detail).toContain('altered');
    const both = await verifyProofs({ credential: altered, jwt: signed.jwt }, publicKeys(keys), now);
    expect(failing(both.checks).map((c) => c.name).sort()).toEqual(['VC-JWT proof', 'data-integrity proof']);
  });

  it('rejects a forged signature and an unknown key id', async () => {
    const forged = structuredClone(signed.credential);
    const proof = forged['proof'] as { proofValue: string; verificationMethod: string };
    proof.proofValue = proof.proofValue.slice(0, -4) + (proof.proofValue.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(failing((await verifyProofs({ credential: forged }, publicKeys(keys), now)).checks).map((c) => c.name)).toEqual(['data-integrity proof']);
    const otherKey = structuredClone(signed.credential);
    (otherKey['proof'] as { verificationMethod: string }).verificationMethod = `${ISSUER}#ed25519-99`;
    const report = await verifyProofs({ credential: otherKey }, publicKeys(keys), now);
    expect(failing(report.checks)[0]!.detail).toContain('not one of this issuer');
    const [h, p, s] = signed.jwt.split('.');
    const badJwt = `${h}.${p}.${s!.slice(0, -3)}${s!.endsWith('abc') ? 'xyz' : 'abc'}`;
    expect(failing((await verifyProofs({ jwt: badJwt }, publicKeys(keys), now)).checks)[0]!.detail).toContain('signature is invalid');
  });

  it('reports an expired credential as expired, not as forged', async () => {
    const expiring = await signCredential(credential(ISSUER, { validUntil: '2026-11-10T00:00:00Z' }), keys);
    const report = await verifyProofs(expiring, publicKeys(keys), now);
    expect(report.expired).toBe(true);
    expect(failing(report.checks).map((c) => c.name)).toEqual(['validity']);
  });

  it('rejects a credential from another issuer, even one that signs correctly', async () => {
    const otherFile = join(mkdtempSync(join(tmpdir(), 'voxel-keys-')), 'k.json');
    const impostor = await loadOrCreateKeys(otherFile, 'http://evil.example/issuer');
    const fake = await signCredential(credential('http://evil.example/issuer'), impostor);
    const report = await verifyProofs(fake, publicKeys(keys), now);
    expect(failing(report.checks).map((c) => c.name)).toContain('issuer');
  });

  it('keeps old certificates verifying after a key rotation', async () => {
    const rotated = await rotateKeys(file, keys);
    expect(rotated.ed25519).toHaveLength(keys.ed25519.length + 1);
    expect(failing((await verifyProofs(signed, publicKeys(rotated), now)).checks)).toEqual([]);
    const fresh = await signCredential(credential(), rotated);
    expect((fresh.credential['proof'] as { verificationMethod: string }).verificationMethod).toBe(rotated.ed25519.at(-1)!.id);
  });
});
