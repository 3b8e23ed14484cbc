import { attachedOf, extractCredentialFromPdf, type IAttached } from './pdf-extract.js';

/** What someone uploaded is none of the accepted forms; the message says what to send instead. */
export class NotACertificateError extends Error {
  override readonly name = 'NotACertificateError';
}

/** A credential nests a few levels deep; far deeper JSON is an attack on the verifier, not a certificate. */
const MAX_JSON_DEPTH = 32;

/**
 * Reads the credential out of an uploaded file: the certificate PDF (its credential.json
 * attachment), the credential JSON (alone or as `{credential, jwt}`), or a bare VC-JWT.
 * Returns null for a PDF without our attachment. Runs in the verification worker, so parsing
 * megabytes of someone's upload never blocks the server's event loop.
 */
export async function readUploadedCertificate(bytes: Uint8Array): Promise<{ from: 'pdf' | 'json' | 'jwt'; attached: IAttached | null }> {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(5, bytes.length)).toString('latin1') === '%PDF-') {
    return { from: 'pdf', attached: await extractCredentialFromPdf(bytes) };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).trim();
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) return { from: 'jwt', attached: { jwt: text } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NotACertificateError('Upload the certificate PDF, its credential.json, or the VC-JWT text.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new NotACertificateError('This JSON is not a credential (a credential is a JSON object). Upload the certificate PDF, its credential.json, or the VC-JWT text.');
  }
  if (jsonDepth(parsed, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new NotACertificateError(`This JSON nests deeper than ${MAX_JSON_DEPTH} levels; no credential does.`);
  }
  const obj = parsed as Record<string, unknown>;
  return { from: 'json', attached: 'credential' in obj || 'jwt' in obj ? attachedOf(obj) : { credential: obj } };
}

/** How deeply arrays and objects nest in a parsed JSON value (0 for a scalar), stopping early past `max`. */
export function jsonDepth(value: unknown, max: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

