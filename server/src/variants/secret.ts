import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The secret every variant is drawn from (`<data>/keys/variant-secret`, 32 random bytes, hex).
 * Made on first start and kept like the issuer keys: owner-only (0600), written through a
 * temp file and a rename. Whoever holds it can compute every learner's parameters, so it is
 * never logged or served; losing it gives every learner a new variant (graded attempts keep
 * their grades).
 */
export function loadOrCreateVariantSecret(file: string): Buffer {
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not a variant secret (64 hex digits); move it away to let the server make a new one`);
    return Buffer.from(text, 'hex');
  }
  const secret = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${secret.toString('hex')}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return secret;
}
