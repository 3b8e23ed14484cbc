import { MessageChannel, Worker as Thread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import type { ICourseBridge } from '../src/kernel/protocol';
import { createSharedReplyBuffer, SHARED_REPLY_BYTES, SharedReplySlot, SharedReplyWaiter } from '../src/kernel/shared-reply';
import { WorkerClient } from '../src/kernel/worker-client';
import { PortWorker } from './support/port-worker';

/** A clock that never moves: a wait that does not end on its own would hang the test. */
const frozen = (): number => 0;

describe('shared replies: the state word decides which path carries a reply', () => {
  it('hands over a reply the page waits for, once, UTF-8 intact', () => {
    const buffer = createSharedReplyBuffer();
    const page = new SharedReplyWaiter(buffer);
    const worker = new SharedReplySlot(buffer);
    page.arm(7);
    expect(worker.awaited(7)).toBe(true);
    expect(worker.awaited(8)).toBe(false);
    expect(worker.offer(7, '{"text":"µ ∑ ✓"}')).toBe(true);
    expect(page.take(0, frozen)).toBe('{"text":"µ ∑ ✓"}');
    // Taken: the slot is no longer waiting for that cell, a second offer goes by message.
    expect(worker.awaited(7)).toBe(false);
    expect(worker.offer(7, '{}')).toBe(false);
  });

  it('sends the reply by message once the page stopped waiting', () => {
    const buffer = createSharedReplyBuffer();
    const page = new SharedReplyWaiter(buffer);
    const worker = new SharedReplySlot(buffer);
    page.arm(3);
    let t = 0;
    expect(page.take(5, () => (t += 1))).toBeNull();
    expect(worker.awaited(3)).toBe(false);
    expect(worker.offer(3, '{}')).toBe(false);
  });

  it('ends the wait at once when the worker declines or the reply does not fit', () => {
    const buffer = createSharedReplyBuffer();
    const page = new SharedReplyWaiter(buffer);
    const worker = new SharedReplySlot(buffer);
    page.arm(1);
    worker.decline(2); // another cell's decline changes nothing
    expect(worker.awaited(1)).toBe(true);
    worker.decline(1);
    expect(page.take(1000, frozen)).toBeNull();
    page.arm(2);
    expect(worker.offer(2, 'x'.repeat(SHARED_REPLY_BYTES + 1))).toBe(false);
    expect(page.take(1000, frozen)).toBeNull();
    // The slot is reusable for the next cell.
    page.arm(3);
    expect(worker.offer(3, '"ok"')).toBe(true);
    expect(page.take(1000, frozen)).toBe('"ok"');
  });
});

const WORKER_SOURCE = buildSync({
  entryPoints: [fileURLToPath(new URL('./support/shared-reply-worker.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'silent'
}).outputFiles[0]!.text;

const bridge = { dataset: async () => ({ path: '', data: new Uint8Array() }), file: async () => ({ path: '', data: new Uint8Array() }), writeFile: async () => true, variant: async () => null, answered: () => undefined } as ICourseBridge;

const threads: Thread[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.terminate()));
});

/** A WorkerClient on a real thread, with shared memory and the given wait. */
function threadClient(waitMs: number): WorkerClient {
  return new WorkerClient(
    () => {
      const { port1, port2 } = new MessageChannel();
      threads.push(new Thread(WORKER_SOURCE, { eval: true, workerData: { port: port2 }, transferList: [port2] }));
      return new PortWorker(port1) as unknown as Worker;
    },
    'http://localhost/pipelines/',
    bridge,
    createSharedReplyBuffer,
    waitMs
  );
}

/** Runs a cell and tells whether its reply came before any message could be handled. */
async function run(client: WorkerClient, code: string): Promise<{ text: unknown; prints: string[]; beforeAnyMessage: boolean; displays: number }> {
  const prints: string[] = [];
  let displays = 0;
  let messageTurn = false;
  setImmediate(() => (messageTurn = true));
  const reply = await client.execute(code, { stream: (_n, t) => void prints.push(t), display: () => void displays++, progress: () => undefined });
  const beforeAnyMessage = !messageTurn;
  // Let the worker's copy by message arrive too: it must not print again.
  await new Promise((r) => setTimeout(r, 200));
  return { text: reply.status === 'ok' ? reply.result?.data['text/plain'] : reply.evalue, prints, beforeAnyMessage, displays };
}

describe('a kernel worker on another thread, with shared memory', () => {
  it('answers a fast cell in shared memory: reply and prints before any message, nothing twice', async () => {
    // A wide wait: the thread answers as soon as it is scheduled, the wait ends then.
    const client = threadClient(5000);
    await client.whenReady;
    for (const code of ['a', 'b']) {
      const r = await run(client, code);
      expect(r).toEqual({ text: '42', prints: [`ran ${code} ✓\n`], beforeAnyMessage: true, displays: 0 });
    }
  });

  it('sends a cell slower than the wait by message, its prints once; the next fast cell is not waited for', async () => {
    const client = threadClient(50);
    await client.whenReady;
    expect(await run(client, 'slow')).toEqual({ text: '42', prints: ['ran slow ✓\n'], beforeAnyMessage: false, displays: 0 });
    // The last cell took 100 ms, longer than the wait: this one is sent without waiting.
    expect(await run(client, 'c')).toEqual({ text: '42', prints: ['ran c ✓\n'], beforeAnyMessage: false, displays: 0 });
  });

  it('sends a cell that displays by message, in order, without waiting out the budget', async () => {
    const client = threadClient(10_000);
    await client.whenReady;
    // Were the display not to end the wait, this would spin for ten seconds and time the test out.
    expect(await run(client, 'show')).toEqual({ text: '42', prints: ['ran show ✓\n'], beforeAnyMessage: false, displays: 1 });
  });

  it('sends a started cell to the worker within the call: the worker runs it while the page is still busy', async () => {
    // No wait at all when the reply is asked for: only a cell the worker already ran can come
    // through shared memory, and it can only have run if it was sent before the page yielded.
    const client = threadClient(0);
    await client.whenReady;
    const prints: string[] = [];
    let messageTurn = false;
    setImmediate(() => (messageTurn = true));
    const reply = client.startCell('a', { stream: (_n, t) => void prints.push(t), display: () => undefined, progress: () => undefined });
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // the page busy with the rest of a key press: no message, no microtask can run here
    }
    const r = await reply();
    expect({ text: r.status === 'ok' && r.result?.data['text/plain'], prints, beforeAnyMessage: !messageTurn }).toEqual({ text: '42', prints: ['ran a ✓\n'], beforeAnyMessage: true });
  });

  it('keeps the order of cells started before the worker was ready', async () => {
    const client = threadClient(0);
    const none = { stream: () => undefined, display: () => undefined, progress: () => undefined };
    const first = client.startCell('order first', none);
    await client.whenReady;
    // Ready now, but the first cell is still queued behind the start: this one must not overtake it.
    const second = client.startCell('order second', none);
    const texts = await Promise.all([first(), second()].map(async (p) => ((r) => (r.status === 'ok' ? r.result?.data['text/plain'] : r.evalue))(await p)));
    expect(texts).toEqual(['1', '2']);
  });

  it('stops waiting at once when the kernel itself fails, and reports the failure', async () => {
    const client = threadClient(60_000);
    await client.whenReady;
    // Were the failure not to end the wait, the page would spin for a minute, past the test's timeout.
    await expect(client.execute('crash', { stream: () => undefined, display: () => undefined, progress: () => undefined })).rejects.toThrow('the stand-in kernel failed');
    expect(await run(client, 'a')).toEqual({ text: '42', prints: ['ran a ✓\n'], beforeAnyMessage: true, displays: 0 });
  });

  it('delivers the held prints of a failing cell before the failure', async () => {
    const client = threadClient(60_000);
    await client.whenReady;
    // The print is held for the shared reply; the failure must not reach the page ahead of it.
    const seen: string[] = [];
    const sink = { stream: (_: string, text: string) => void seen.push(text), display: () => undefined, progress: () => undefined };
    await client.execute('print then crash', sink).catch((err: Error) => seen.push(err.message));
    expect(seen).toEqual(['printed before the failure\n', 'the stand-in kernel failed']);
  });
});
