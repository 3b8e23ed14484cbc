import { generateKeyPair, exportJWK, type JWK } from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface IEd25519Key {
  id: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  createdAt: string;
}

export interface IRsaKey {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
  createdAt: string;
}

/** Every key the issuer ever had; the last of each list signs, all of them verify. */
export interface IIssuerKeys {
  issuerId: string;
  ed25519: IEd25519Key[];
  rsa: IRsaKey[];
}

/**
 * Loads the issuer keys, generating them on first start. The file holds private keys: it is
 * written with owner-only permissions (0600) through a temp file and rename.
 */
export async function loadOrCreateKeys(file: string, issuerId: string): Promise<IIssuerKeys> {
  if (existsSync(file)) {
    const keys = JSON.parse(readFileSync(file, 'utf8')) as IIssuerKeys;
    if (keys.issuerId === issuerId) return keys;
    // The public URL changed: keep the old keys for old certificates, add keys for the new id.
    return rotateKeys(file, { ...keys, issuerId });
  }
  return rotateKeys(file, { issuerId, ed25519: [], rsa: [] });
}

/** Adds a fresh Ed25519 and RSA key; earlier keys stay published so old certificates verify. */
export async function rotateKeys(file: string, keys: IIssuerKeys): Promise<IIssuerKeys> {
  const stamp = new Date().toISOString();
  const n = Math.max(keys.ed25519.length, keys.rsa.length) + 1;
  const ed = await Ed25519Multikey.generate({ id: `${keys.issuerId}#ed25519-${n}`, controller: keys.issuerId });
  const edExport = await ed.export({ publicKey: true, secretKey: true });
  const publicKeyMultibase = edExport['publicKeyMultibase'];
  const secretKeyMultibase = edExport['secretKeyMultibase'];
  if (!publicKeyMultibase || !secretKeyMultibase) throw new Error('Ed25519 key export lacks its multibase keys');
  // RSA-2048 generation takes up to half a second: done once per rotation, never per certificate.
  const rsa = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const next: IIssuerKeys = {
    issuerId: keys.issuerId,
    ed25519: [...keys.ed25519, { id: ed.id, publicKeyMultibase, secretKeyMultibase, createdAt: stamp }],
    rsa: [...keys.rsa, { kid: `${keys.issuerId}#rsa-${n}`, publicJwk: await exportJWK(rsa.publicKey), privateJwk: await exportJWK(rsa.privateKey), createdAt: stamp }]
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return next;
}

/** The public half only: what the issuer publishes and verifiers use. */
export interface IPublicKeys {
  issuerId: string;
  ed25519: Array<{ id: string; publicKeyMultibase: string }>;
  rsa: Array<{ kid: string; publicJwk: JWK }>;
}

export function publicKeys(keys: IIssuerKeys): IPublicKeys {
  return {
    issuerId: keys.issuerId,
    ed25519: keys.ed25519.map(({ id, publicKeyMultibase }) => ({ id, publicKeyMultibase })),
    rsa: keys.rsa.map(({ kid, publicJwk }) => ({ kid, publicJwk }))
  };
}

/** The issuer's controller document: its keys as Multikey verification methods. */
export function controllerDocument(keys: IPublicKeys): Record<string, unknown> {
  const methods = keys.ed25519.map((k) => ({ id: k.id, type: 'Multikey', controller: keys.issuerId, publicKeyMultibase: k.publicKeyMultibase }));
  // did/v1 first: with only the multikey context, safe mode drops `assertionMethod`.
  return { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: keys.issuerId, assertionMethod: methods };
}
