import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { documentLoader } from './contexts.js';
import { factsOf, type ICredentialFacts } from './credential.js';
import type { ICheck } from './check.js';
import type { IPublicKeys } from './keys.js';
import { checkStatusList } from './status-check.js';
import { issuerDocuments, jwtClaims } from './sign.js';

export type { ICheck } from './check.js';

export interface IProofReport {
  checks: ICheck[];
  facts: ICredentialFacts | null;
  /** Whether the only failure (if any) is the validity period. */
  expired: boolean;
  /** True when the signed status list says revoked; null when the credential names no list. */
  statusRevoked: boolean | null;
}

/**
 * Checks what can be checked from the credential alone: issuer, Data Integrity proof, VC-JWT
 * and validity dates. Revocation and "issued here" need the database and are added by the caller.
 */
export async function verifyProofs(
  input: { credential?: Record<string, unknown>; jwt?: string },
  keys: IPublicKeys,
  now: Date,
  statusLists: readonly Record<string, unknown>[] = []
): Promise<IProofReport> {
  const checks: ICheck[] = [];
  let credential = input.credential;
  if (input.jwt) {
    const fromJwt = await checkJwt(input.jwt, keys, credential);
    checks.push(fromJwt.check);
    credential ??= fromJwt.credential;
  }
  if (!credential) return { checks: [...checks, { name: 'credential', ok: false, detail: 'No credential was found in what you provided.' }], facts: null, expired: false, statusRevoked: null };
  const facts = factsOf(credential);
  checks.unshift(
    facts.issuerId === keys.issuerId
      ? { name: 'issuer', ok: true, detail: `Issued by ${facts.issuerName || 'this academy'} (${facts.issuerId}).` }
      : { name: 'issuer', ok: false, detail: `Issued by ${facts.issuerId || 'an unnamed issuer'}, not by this academy (${keys.issuerId}).` }
  );
  if (input.credential) checks.push(await checkDataIntegrity(input.credential, keys, facts));
  const status = await checkStatusList(credential, statusLists, keys);
  if (status) checks.push(status.check);
  const validity = checkValidity(facts, now);
  checks.push(validity);
  return { checks, facts, expired: !validity.ok, statusRevoked: status ? status.revoked : null };
}

async function checkDataIntegrity(credential: Record<string, unknown>, keys: IPublicKeys, facts: ICredentialFacts): Promise<ICheck> {
  const proof = credential['proof'] as { verificationMethod?: string } | undefined;
  if (!proof) return { name: 'data-integrity proof', ok: false, detail: 'The credential carries no Data Integrity proof.' };
  if (!keys.ed25519.some((k) => k.id === proof.verificationMethod)) {
    return { name: 'data-integrity proof', ok: false, detail: `It was signed with key ${proof.verificationMethod ?? '(none)'}, which is not one of this issuer's keys.` };
  }
  // Checked at its own validFrom, so the signature verdict does not depend on today's date.
  const at = Number.isNaN(Date.parse(facts.validFrom)) ? new Date() : new Date(facts.validFrom);
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: documentLoader(issuerDocuments(keys)),
      now: at,
      // This check is the signature alone; the status list is checked (and reported) on its own.
      checkStatus: async () => ({ verified: true })
    });
    if (result.verified) return { name: 'data-integrity proof', ok: true, detail: `eddsa-rdfc-2022 signature valid (key ${proof.verificationMethod}).` };
    const reason = result.error?.errors?.[0]?.message ?? result.error?.message ?? 'unknown reason';
    return { name: 'data-integrity proof', ok: false, detail: `The signature does not match the content: it was altered after issuing (${reason}).` };
  } catch (err) {
    return { name: 'data-integrity proof', ok: false, detail: `The proof could not be checked: ${(err as Error).message}` };
  }
}

async function checkJwt(jwt: string, keys: IPublicKeys, credential: Record<string, unknown> | undefined): Promise<{ check: ICheck; credential?: Record<string, unknown> }> {
  const fail = (detail: string): { check: ICheck } => ({ check: { name: 'VC-JWT proof', ok: false, detail } });
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jwt).kid;
  } catch {
    return fail('The VC-JWT is not a well-formed JWT.');
  }
  const key = keys.rsa.find((k) => k.kid === kid);
  if (!key) return fail(`The VC-JWT names key ${kid ?? '(none)'}, which is not one of this issuer's keys.`);
  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(jwt, await importJWK(key.publicJwk, 'RS256'));
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    return fail('The VC-JWT signature is invalid: the token was altered or signed by someone else.');
  }
  const { iss: _iss, jti: _jti, nbf: _nbf, exp: _exp, sub: _sub, ...members } = payload;
  const expectedClaims = jwtClaims(members);
  const claimsMatch = Object.entries(expectedClaims).every(([k, v]) => payload[k] === v);
  if (!claimsMatch) return fail('The VC-JWT registered claims (iss, jti, nbf) do not match its credential.');
  if (credential) {
    const { proof: _proof, ...unsigned } = credential;
    if (stableJson(unsigned) !== stableJson(members)) return fail('The VC-JWT and the credential differ: one of them was altered.');
  }
  return { check: { name: 'VC-JWT proof', ok: true, detail: `RS256 signature valid (key ${key.kid}).` }, credential: members };
}

function checkValidity(facts: ICredentialFacts, now: Date): ICheck {
  const from = Date.parse(facts.validFrom);
  if (Number.isNaN(from)) return { name: 'validity', ok: false, detail: 'The credential has no valid validFrom date.' };
  if (from > now.getTime()) return { name: 'validity', ok: false, detail: `Not valid before ${facts.validFrom}.` };
  if (facts.validUntil && Date.parse(facts.validUntil) < now.getTime()) return { name: 'validity', ok: false, detail: `Expired on ${facts.validUntil}.` };
  return { name: 'validity', ok: true, detail: `Valid since ${facts.validFrom}${facts.validUntil ? ` until ${facts.validUntil}` : ''}.` };
}

/** JSON with object keys sorted: equal content gives equal text, whatever the key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
