/**
 * A cell's reply handed from the worker to the page in shared memory, inside the page's own task.
 *
 * Why: after a key press chromium holds the page's ordinary tasks, a worker's messages among
 * them, until it has drawn the next frame (Blink's DeferRendererTasksAfterInput, on by default).
 * A fast cell's reply, ready within a millisecond, then waits ~15 ms for that frame and is drawn
 * in the one after. When JupyterLab is served cross-origin isolated, the page instead waits a
 * few milliseconds for the reply right after sending the request, in the same task, and the
 * result is drawn in the key press's own frame. A reply that is not there in time, or does not
 * fit, takes the usual message path; a compare-and-swap on one state word decides which path
 * carries it, so it is delivered exactly once.
 */

const IDLE = 0;
/** The page is waiting for `CELL`'s reply. */
const WAITING = 1;
/** The worker took the slot and is copying the reply in (it waits for nothing meanwhile). */
const WRITING = 2;
const DONE = 3;
/** The page stopped waiting (or the worker declined): the reply goes by message. */
const GAVE_UP = 4;

const STATE = 0;
const CELL = 1;
const LENGTH = 2;
const HEADER_BYTES = 16;

/** Room for a reply's JSON: text results and prints; anything larger goes by message. */
export const SHARED_REPLY_BYTES = 256 * 1024;

export function createSharedReplyBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + SHARED_REPLY_BYTES);
}

/** Shared memory for replies, when this page may have it (cross-origin isolated). */
export function sharedReplyBuffer(): SharedArrayBuffer | null {
  if (typeof SharedArrayBuffer !== 'function' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true) return null;
  return createSharedReplyBuffer();
}

/** The page's end. */
export class SharedReplyWaiter {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Before the request is sent: the worker may answer `cell` here. */
  arm(cell: number): void {
    Atomics.store(this.header, CELL, cell);
    Atomics.store(this.header, STATE, WAITING);
  }

  /**
   * Waits up to `budgetMs` for the armed cell's reply: its JSON, or null when it goes by message.
   * A busy wait, as the page's main thread may not block; bounded by the budget.
   */
  take(budgetMs: number, now: () => number = () => performance.now()): string | null {
    const deadline = now() + budgetMs;
    while (Atomics.load(this.header, STATE) === WAITING && now() < deadline) {
      // spin: nothing else can run on this thread until the task ends anyway
    }
    const seen = Atomics.compareExchange(this.header, STATE, WAITING, GAVE_UP);
    if (seen === WAITING || seen === GAVE_UP) return null;
    while (Atomics.load(this.header, STATE) === WRITING) {
      // the copy is under way and ends without waiting for this thread
    }
    const length = Atomics.load(this.header, LENGTH);
    // TextDecoder refuses views of shared memory: decode a copy.
    const text = new TextDecoder().decode(this.data.slice(0, length));
    Atomics.store(this.header, STATE, IDLE);
    return text;
  }
}

/** The worker's end. */
export class SharedReplySlot {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Whether the page is (still) waiting for this cell's reply. */
  awaited(cell: number): boolean {
    return Atomics.load(this.header, STATE) === WAITING && Atomics.load(this.header, CELL) === cell;
  }

  /** Tells a waiting page this cell's reply goes by message. */
  decline(cell: number): void {
    if (this.awaited(cell)) Atomics.compareExchange(this.header, STATE, WAITING, GAVE_UP);
  }

  /**
   * Hands the reply over if the page still waits for it and it fits: true when the page has it
   * (and must not be sent it again), false when it goes by message.
   */
  offer(cell: number, json: string): boolean {
    if (!this.awaited(cell)) return false;
    const bytes = new TextEncoder().encode(json);
    if (bytes.length > this.data.length) {
      this.decline(cell);
      return false;
    }
    if (Atomics.compareExchange(this.header, STATE, WAITING, WRITING) !== WAITING) return false;
    this.data.set(bytes);
    Atomics.store(this.header, LENGTH, bytes.length);
    Atomics.store(this.header, STATE, DONE);
    return true;
  }
}
