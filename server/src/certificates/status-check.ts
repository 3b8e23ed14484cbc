import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { documentLoader } from './contexts.js';
import type { IPublicKeys } from './keys.js';
import { issuerDocuments } from './sign.js';
import { bitIsSet, decodeStatusList, STATUS_PURPOSE } from './status-list.js';
import type { ICheck } from './check.js';

/**
 * Checks a credential's `credentialStatus` against the signed Bitstring Status Lists this
 * issuer publishes (passed in: the verifier works offline, as any third party with a fetched
 * copy would). Null when the credential carries no status entry (issued before lists existed).
 */
export async function checkStatusList(
  credential: Record<string, unknown>,
  lists: readonly Record<string, unknown>[],
  keys: IPublicKeys
): Promise<{ check: ICheck; revoked: boolean } | null> {
  const entry = credential['credentialStatus'];
  if (entry === undefined) return null;
  const fail = (detail: string): { check: ICheck; revoked: boolean } => ({ check: { name: 'status list', ok: false, detail }, revoked: false });
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail('The credential names a status entry this academy does not publish.');
  const e = entry as Record<string, unknown>;
  if (e['type'] !== 'BitstringStatusListEntry' || e['statusPurpose'] !== STATUS_PURPOSE) {
    return fail('The credential names a status entry of a kind this academy does not publish.');
  }
  const url = String(e['statusListCredential'] ?? '');
  const bit = Number(e['statusListIndex']);
  const list = lists.find((l) => l['id'] === url);
  if (!list) return fail(`The credential names status list ${url}, which this academy does not publish.`);
  if (!Number.isInteger(bit) || bit < 0) return fail(`The status list index "${String(e['statusListIndex'])}" is not a position in a list.`);
  try {
    const result = await vc.verifyCredential({ credential: list, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: documentLoader(issuerDocuments(keys)) });
    if (!result.verified) return fail(`The status list ${url} does not carry a valid signature of this issuer.`);
    const subject = list['credentialSubject'] as Record<string, unknown>;
    const revoked = bitIsSet(decodeStatusList(String(subject['encodedList'] ?? '')), bit);
    const where = `${url}, position ${bit}`;
    return {
      check: { name: 'status list', ok: !revoked, detail: revoked ? `Revoked in the issuer's signed status list (${where}).` : `Not revoked in the issuer's signed status list (${where}).` },
      revoked
    };
  } catch (err) {
    return fail(`The status list ${url} could not be checked: ${(err as Error).message}`);
  }
}
