import { createHash } from 'node:crypto';
import type { ICertificatePdfInput } from './pdf.js';

/**
 * Rendered certificate PDFs, kept per certificate so a second download costs a lookup.
 *
 * An entry serves only the exact input it was rendered from: the key is a hash of everything
 * on the page, revocation included. A revoked certificate's input differs from its valid one,
 * so its old PDF can never be served again — even by a replica whose cache never heard of the
 * revocation (every request reads the certificate row first). Revoking also drops the entry.
 */
export class CertificatePdfCache {
  private readonly entries = new Map<string, { fingerprint: string; bytes: Buffer }>();

  constructor(private readonly maxEntries = 256) {}

  get(id: string, input: ICertificatePdfInput): Buffer | null {
    const entry = this.entries.get(id);
    if (!entry || entry.fingerprint !== fingerprint(input)) return null;
    // Most recently used last, so eviction takes the least recently used.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.bytes;
  }

  set(id: string, input: ICertificatePdfInput, bytes: Buffer): void {
    this.entries.delete(id);
    this.entries.set(id, { fingerprint: fingerprint(input), bytes });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}

function fingerprint(input: ICertificatePdfInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url');
}
