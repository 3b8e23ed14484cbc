import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { documentLoader } from './contexts.js';
import { controllerDocument, publicKeys, type IIssuerKeys } from './keys.js';

export interface ISignedCredential {
  /** With an eddsa-rdfc-2022 DataIntegrityProof. */
  credential: Record<string, unknown>;
  /** VC-JWT (RS256) of the same credential. */
  jwt: string;
}

/** Resolves the issuer's own documents (controller document, verification methods) offline. */
export function issuerDocuments(keys: ReturnType<typeof publicKeys>): (url: string) => object | undefined {
  const controller = controllerDocument(keys);
  const methods = controller['assertionMethod'] as Array<{ id: string }>;
  return (url) => {
    if (url === keys.issuerId) return controller;
    const method = methods.find((m) => m.id === url);
    return method ? { '@context': 'https://w3id.org/security/multikey/v1', ...method } : undefined;
  };
}

/** Signs with the newest keys: both proofs the issue asks for. */
export async function signCredential(credential: Record<string, unknown>, keys: IIssuerKeys): Promise<ISignedCredential> {
  const ed = keys.ed25519.at(-1);
  const rsa = keys.rsa.at(-1);
  if (!ed || !rsa) throw new Error('the issuer has no signing keys');
  const pair = await Ed25519Multikey.from({
    id: ed.id,
    controller: keys.issuerId,
    type: 'Multikey',
    publicKeyMultibase: ed.publicKeyMultibase,
    secretKeyMultibase: ed.secretKeyMultibase
  });
  // Signed from copies: the JWT must not pick up the proof vc.issue attaches.
  const jwt = await signJwt(structuredClone(credential), rsa.kid, rsa.privateJwk);
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite });
  const signed = await vc.issue({ credential: structuredClone(credential), suite, documentLoader: documentLoader(issuerDocuments(publicKeys(keys))) });
  return { credential: signed, jwt };
}

/**
 * Open Badges 3.0 §8.2 VC-JWT: the credential's members are the payload (no `vc` wrapper),
 * with iss, jti, nbf (and exp, sub when the credential has them) mapped from it.
 */
async function signJwt(credential: Record<string, unknown>, kid: string, privateJwk: Parameters<typeof importJWK>[0]): Promise<string> {
  const key = await importJWK(privateJwk, 'RS256');
  const claims = jwtClaims(credential);
  return new SignJWT({ ...credential, ...claims } as JWTPayload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);
}

export function jwtClaims(credential: Record<string, unknown>): Record<string, string | number> {
  const issuer = credential['issuer'] as { id?: string } | string;
  const subject = credential['credentialSubject'] as { id?: string };
  const claims: Record<string, string | number> = {
    iss: typeof issuer === 'string' ? issuer : String(issuer.id),
    jti: String(credential['id']),
    nbf: Math.floor(Date.parse(String(credential['validFrom'])) / 1000)
  };
  if (typeof credential['validUntil'] === 'string') claims['exp'] = Math.floor(Date.parse(credential['validUntil']) / 1000);
  if (subject.id) claims['sub'] = subject.id;
  return claims;
}
