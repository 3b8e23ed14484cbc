import { PDFDocument } from '@cantoo/pdf-lib';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { documentLoader } from './contexts.js';
import { buildCredential } from './credential.js';
import type { IPublicKeys } from './keys.js';
import { extractCredentialFromPdf } from './pdf-extract.js';
import { issuerDocuments } from './sign.js';
import { verifyProofs, type IProofReport } from './verify.js';

const ISSUER = 'https://warm-up.invalid/issuer';

/**
 * Runs a new certificate worker's code paths once on throwaway data before its first task: an
 * Open Badges credential signed with a throwaway key and verified (JSON-LD contexts processed,
 * the canonicaliser and Ed25519 compiled), and a PDF parsed. A worker's first verification took
 * 1.1–1.5 s under contention against ~0.1–0.6 s once warm, inside a time limit that is meant to
 * stop hostile uploads, not the first genuine one after a restart. Returns the verification
 * report (its tests check that the warm-up really went through the proof check).
 */
export async function warmUpCertificateWork(): Promise<IProofReport> {
  const pair = await Ed25519Multikey.generate({ id: `${ISSUER}#warm-up`, controller: ISSUER });
  const exported = await pair.export({ publicKey: true });
  const keys: IPublicKeys = { issuerId: ISSUER, ed25519: [{ id: pair.id, publicKeyMultibase: exported['publicKeyMultibase'] ?? '' }], rsa: [] };
  const credential = buildCredential({
    id: '00000000-0000-4000-8000-000000000000',
    issuer: { id: ISSUER, name: 'Warm-up', url: 'https://warm-up.invalid/' },
    learner: 'warm-up',
    achievement: { id: `${ISSUER}/achievement`, name: 'Warm-up', description: 'Not a certificate.', criteria: 'None.' },
    validFrom: '2026-01-01T00:00:00Z'
  });
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite });
  const signed = await vc.issue({ credential, suite, documentLoader: documentLoader(issuerDocuments(keys)) });
  const report = await verifyProofs({ credential: signed }, keys, new Date('2026-06-01T00:00:00Z'));
  const pdf = await PDFDocument.create();
  pdf.addPage();
  await extractCredentialFromPdf(await pdf.save());
  return report;
}
