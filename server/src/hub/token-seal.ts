import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM sealing of small secrets. Hub tokens are sealed under a key derived from the
 * session's cookie value, which the database never sees (it stores only the cookie's hash):
 * a copy of the database yields neither usable cookies nor usable hub tokens. Login state is
 * sealed under the server's own secret and travels in a cookie, so nothing is kept per login.
 */
const VERSION = 'v1';

function keyFrom(secret: string | Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'voxel-academy', purpose, 32));
}

export function seal(plaintext: string, secret: string | Buffer, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The plaintext, or undefined when the value was not sealed with this secret and purpose (or was altered). */
export function unseal(sealed: string, secret: string | Buffer, purpose: string): string | undefined {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || body === undefined || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
