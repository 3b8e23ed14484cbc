import { gunzipSync, gzipSync } from 'node:zlib';
import { VC_V2 } from './contexts.js';

/**
 * W3C Bitstring Status List (VC 2.0): the issuer publishes a signed credential holding one bit
 * per issued credential; a set bit means revoked. Anyone holding a certificate can check it
 * against the published list without asking us about that certificate. 131,072 bits (16 KB)
 * is the specification's minimum size, so a list never reveals how few certificates exist.
 */
export const STATUS_LIST_BITS = 131_072;
export const STATUS_PURPOSE = 'revocation';

export interface IStatusEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: typeof STATUS_PURPOSE;
  statusListIndex: string;
  statusListCredential: string;
}

/** Which list a global index falls into, and its bit there. */
export function listPosition(index: number): { list: number; bit: number } {
  return { list: Math.floor(index / STATUS_LIST_BITS), bit: index % STATUS_LIST_BITS };
}

/** The `credentialStatus` of a credential at global `index`, given the URL of list n. */
export function statusEntry(index: number, listUrl: (list: number) => string): IStatusEntry {
  const { list, bit } = listPosition(index);
  const url = listUrl(list);
  return { id: `${url}#${bit}`, type: 'BitstringStatusListEntry', statusPurpose: STATUS_PURPOSE, statusListIndex: String(bit), statusListCredential: url };
}

/** gzip, then multibase base64url without padding ("u" prefix), bit 0 = the first byte's high bit. */
export function encodeStatusList(setBits: Iterable<number>): string {
  const bytes = new Uint8Array(STATUS_LIST_BITS / 8);
  for (const bit of setBits) bytes[bit >> 3] |= 0x80 >> (bit & 7);
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** The bits of an encoded list, refusing anything that is not a gzip of at least the minimum size. */
export function decodeStatusList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: 16 * STATUS_LIST_BITS });
  if (bytes.length * 8 < STATUS_LIST_BITS) throw new Error(`the list holds ${bytes.length * 8} bits, fewer than the minimum ${STATUS_LIST_BITS}`);
  return bytes;
}

export function bitIsSet(bits: Uint8Array, bit: number): boolean {
  return bit >= 0 && bit < bits.length * 8 && ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
}

/** The unsigned BitstringStatusListCredential for list `url`. */
export function statusListCredential(input: { url: string; issuerId: string; validFrom: string; setBits: Iterable<number> }): Record<string, unknown> {
  return {
    '@context': [VC_V2],
    id: input.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuerId,
    validFrom: input.validFrom,
    credentialSubject: { id: `${input.url}#list`, type: 'BitstringStatusList', statusPurpose: STATUS_PURPOSE, encodedList: encodeStatusList(input.setBits) }
  };
}
