import { randomUUID } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): a millisecond timestamp then randomness. Ids sort by creation
 * time, so new rows land at the end of the primary-key b-tree instead of on random pages.
 * The random bits come from randomUUID, which draws from a cached entropy pool (much cheaper
 * per call than randomBytes on the submit hot path).
 */
export function uuidv7(now: number = Date.now()): string {
  const random = randomUUID().replace(/-/g, '');
  const time = now.toString(16).padStart(12, '0').slice(-12);
  // Version 7 in the 13th hex digit; the variant bits (10xx) are already set by randomUUID.
  const hex = time + '7' + random.slice(13);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
