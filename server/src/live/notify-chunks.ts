/**
 * PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. A live event is usually a few
 * hundred bytes, but a graded submission carries every item's feedback and can exceed it, so
 * messages travel in parts: `<origin> <seq> <index> <count>\n<text>`, each part well under the
 * limit, cut on UTF-8 character boundaries.
 */
export const MAX_PART_BYTES = 7_000;
/** Nothing live is this big; refusing it keeps one bad event from flooding every replica. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export function chunkPayload(origin: string, seq: number, text: string, partBytes = MAX_PART_BYTES): string[] {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > MAX_MESSAGE_BYTES) throw new Error(`live event of ${bytes.length} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit`);
  const slices: string[] = [];
  let start = 0;
  do {
    let end = Math.min(bytes.length, start + partBytes);
    // Never cut inside a character: back off over UTF-8 continuation bytes (10xxxxxx).
    while (end < bytes.length && end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    slices.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  } while (start < bytes.length);
  return slices.map((slice, i) => `${origin} ${seq} ${i} ${slices.length}\n${slice}`);
}

interface IPartial {
  parts: Array<string | undefined>;
  got: number;
  firstAt: number;
}

/** Joins the parts of each message; drops its own origin's, and partial messages left too long. */
export class ChunkAssembler {
  private readonly partial = new Map<string, IPartial>();

  constructor(
    private readonly maxAgeMs = 30_000,
    private readonly now: () => number = Date.now
  ) {}

  /** The whole message once its last part arrived, else null. */
  add(payload: string, ownOrigin: string): string | null {
    const newline = payload.indexOf('\n');
    const header = (newline < 0 ? '' : payload.slice(0, newline)).split(' ');
    if (header.length !== 4) return null;
    const [origin, seq, indexText, countText] = header as [string, string, string, string];
    if (origin === ownOrigin) return null;
    const index = Number(indexText);
    const count = Number(countText);
    if (!Number.isInteger(index) || !Number.isInteger(count) || count < 1 || index < 0 || index >= count) return null;
    const body = payload.slice(newline + 1);
    if (count === 1) return body;
    this.expire();
    const key = `${origin} ${seq}`;
    let entry = this.partial.get(key);
    if (!entry) {
      entry = { parts: new Array<string | undefined>(count), got: 0, firstAt: this.now() };
      this.partial.set(key, entry);
    }
    if (entry.parts.length !== count || entry.parts[index] !== undefined) return null;
    entry.parts[index] = body;
    if (++entry.got < count) return null;
    this.partial.delete(key);
    return entry.parts.join('');
  }

  get pending(): number {
    return this.partial.size;
  }

  private expire(): void {
    const oldest = this.now() - this.maxAgeMs;
    for (const [key, entry] of this.partial) if (entry.firstAt < oldest) this.partial.delete(key);
  }
}
