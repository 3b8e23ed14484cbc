import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkAssembler, chunkPayload, MAX_MESSAGE_BYTES, MAX_PART_BYTES } from '../../src/live/notify-chunks.js';

/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
const NOTIFY_LIMIT = 8000;

describe('NOTIFY payload parts', () => {
  it('splits any text into parts under the limit that join back to it, in any arrival order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40_000 }), fc.integer({ min: 1, max: 1e9 }), fc.nat(), (text, seq, shuffleSeed) => {
        const parts = chunkPayload('abcd', seq, text, 997);
        for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThan(NOTIFY_LIMIT);
        // Deliver in a scrambled order: the whole message comes out once, with the last part.
        const order = parts.map((p, i) => ({ p, k: (i * 7919 + shuffleSeed) % 104729 })).sort((a, b) => a.k - b.k).map((x) => x.p);
        const assembler = new ChunkAssembler();
        const outputs = order.map((p) => assembler.add(p, 'other'));
        expect(outputs.filter((o) => o !== null)).toEqual([text]);
        expect(outputs.at(-1)).toBe(text);
        expect(assembler.pending).toBe(0);
      }),
      { numRuns: 200 }
    );
  });

  it('keeps a real graded-submission event with long multi-byte feedback under the limit per part', () => {
    const feedback = 'Dice 0.91 — Hausdorff 95 % 2.4 mm, Żółć ✓ 🧠 '.repeat(400);
    const event = JSON.stringify({ kind: 'user', user: 'ada', event: { type: 'submission.graded', submission: { items: [{ feedback }] } } });
    expect(Buffer.byteLength(event)).toBeGreaterThan(NOTIFY_LIMIT);
    const parts = chunkPayload('abcd', 1, event);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PART_BYTES + 64);
    const assembler = new ChunkAssembler();
    expect(parts.map((p) => assembler.add(p, 'me')).at(-1)).toBe(event);
  });

  it('ignores its own messages, malformed payloads and repeated parts, and forgets partial messages after a while', () => {
    let now = 0;
    const assembler = new ChunkAssembler(1000, () => now);
    expect(assembler.add(chunkPayload('me', 1, 'hello')[0]!, 'me')).toBeNull();
    for (const junk of ['', 'no header', 'a b c\nx', 'a 1 3 2\nx', 'a 1 -1 2\nx', 'a 1 x 2\nbody']) expect(assembler.add(junk, 'me')).toBeNull();
    const parts = chunkPayload('peer', 2, 'x'.repeat(50), 10);
    assembler.add(parts[0]!, 'me');
    expect(assembler.add(parts[0]!, 'me')).toBeNull();
    expect(assembler.pending).toBe(1);
    now = 5000;
    assembler.add(chunkPayload('peer', 3, 'y'.repeat(50), 10)[0]!, 'me');
    expect(assembler.pending).toBe(1);
  });

  it('refuses a message over the size cap', () => {
    expect(() => chunkPayload('me', 1, 'x'.repeat(MAX_MESSAGE_BYTES + 1))).toThrow(/limit/);
  });
});
