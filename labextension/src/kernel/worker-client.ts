import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { ExecuteReply, ICourseBridge, IExecuteSink, IKernelWorkerApi, IOutputSink, IPageFile, ISharedReply, IWorkerTimes } from './protocol';
import { sharedReplyBuffer, SharedReplyWaiter } from './shared-reply';

export type { ICourseBridge, IExecuteSink };

/** Raised for requests that were running when the worker was stopped. */
export class WorkerStopped extends Error {
  constructor() {
    super('the kernel worker was stopped');
    this.name = 'WorkerStopped';
  }
}

/** Cells whose late output still reaches them (older cells' late output is dropped). */
const KEPT_SINKS = 100;

/**
 * How long the page waits, right after sending a cell, for its reply in shared memory (only on a
 * cross-origin isolated page; see shared-reply.ts). A cell the worker runs within it is drawn
 * in the key press's own frame; a longer one costs the page this much once, and the next cell
 * is not waited for while the last one took longer than this.
 */
export const SHARED_WAIT_MS = 3;

/** User Timing marks: the worker took the shared memory; a cell's reply came through it. */
export const SHARED_MEMORY_MARK = 'voxel-itk:shared-memory';
export const SHARED_REPLY_MARK = 'voxel-itk:shared-reply';

/** A cell handed to the worker: its reply by message, and the shared memory armed for it (if any). */
interface ISentCell {
  byMessage: Promise<ExecuteReply & IWorkerTimes>;
  waiter: SharedReplyWaiter | null;
}

/** Makes the worker (tests pass one whose port they control). */
export type WorkerFactory = () => Worker;

/**
 * One kernel worker and its comlink API. Every call rejects if the worker throws, fails to
 * load, or is stopped. `restart` terminates it — the only way to stop a cell stuck in a loop —
 * and starts a fresh one; requests in flight fail with WorkerStopped.
 */
export class WorkerClient {
  private worker: Worker | null = null;
  private api: Remote<IKernelWorkerApi> | null = null;
  private ready: Promise<void> = Promise.resolve();
  /** Where each running cell's output goes, by the number the worker tags it with. */
  private readonly sinks = new Map<number, IExecuteSink>();
  private cells = 0;
  /** Rejects every call of the current worker when it fails or is stopped. */
  private ended: { promise: Promise<never>; reject: (err: Error) => void } = ending();
  /** The page's end of the shared reply memory, once the worker has it. */
  private waiter: SharedReplyWaiter | null = null;
  /** Cells the worker has not answered by message yet (a shared reply comes first). */
  private inFlight = 0;
  private lastWorkerMs = 0;
  /** Whether the current worker has started (and, where it can, taken the shared memory). */
  private isReady = false;
  /** Cells waiting for the worker to be ready, in order: a later cell must not overtake them. */
  private queued = 0;

  constructor(
    private readonly makeWorker: WorkerFactory,
    private readonly pipelinesUrl: string,
    private readonly bridge: ICourseBridge,
    private readonly sharedMemory: () => SharedArrayBuffer | null = sharedReplyBuffer,
    private readonly sharedWaitMs = SHARED_WAIT_MS
  ) {
    this.start();
  }

  get whenReady(): Promise<void> {
    return this.ready;
  }

  execute(code: string, sink: IExecuteSink): Promise<ExecuteReply & IWorkerTimes> {
    return this.startCell(code, sink)();
  }

  /**
   * Sends a cell to the worker now, in this call, when the worker is ready (else as soon as it
   * is); the returned function waits for its reply. The kernel calls it as the page sends the
   * request, so the worker runs the cell while JupyterLab finishes the key press.
   */
  startCell(code: string, sink: IExecuteSink): () => Promise<ExecuteReply & IWorkerTimes> {
    // One output port for every cell (set up at init): a proxy per cell would make a
    // MessageChannel and move a port to the worker on every run.
    const cell = ++this.cells;
    this.sinks.set(cell, sink);
    // A cell's code may print after the cell ended (a timer, a promise left running): its sink
    // stays for a while, as a per-cell proxy did, so that output still reaches its cell.
    if (this.sinks.size > KEPT_SINKS) this.sinks.delete(this.sinks.keys().next().value as number);
    const { api, ended } = this;
    if (!api || !this.isReady || this.queued > 0) {
      // Sent once the worker is ready, after the cells queued before it.
      this.queued++;
      let counted = true;
      const uncount = (): void => {
        // A restart has zeroed the count already.
        if (counted && this.ended === ended) this.queued--;
        counted = false;
      };
      const queued = this.call(async (ready) => {
        uncount();
        return this.send(ready, code, cell);
      });
      queued.catch(uncount);
      return () => this.call(async (ready) => this.reply(ready, await queued, sink));
    }
    const sent = this.send(api, code, cell);
    return async () => {
      // Restarted since: the cell was the old worker's.
      if (this.api !== api) throw new WorkerStopped();
      return Promise.race([this.reply(api, sent, sink), ended.promise]);
    };
  }

  private send(api: Remote<IKernelWorkerApi>, code: string, cell: number): ISentCell {
    // Waited for only with nothing else running in the worker: then no other cell's reply can take the slot.
    const waiter = this.inFlight === 0 && this.lastWorkerMs <= this.sharedWaitMs ? this.waiter : null;
    waiter?.arm(cell);
    const byMessage = api.execute(code, cell);
    this.inFlight++;
    void byMessage.then(
      (r) => this.answered(api, r.workerMs),
      () => this.answered(api, 0)
    );
    return { byMessage, waiter };
  }

  private async reply(api: Remote<IKernelWorkerApi>, { byMessage, waiter }: ISentCell, sink: IExecuteSink): Promise<ExecuteReply & IWorkerTimes> {
    // A waiter of a worker since restarted would only spin on memory nobody writes.
    const json = this.api === api ? (waiter?.take(this.sharedWaitMs) ?? null) : null;
    if (json === null) return byMessage;
    // The worker answers by message as well; that copy arrives after this one and is dropped.
    performance.mark(SHARED_REPLY_MARK);
    const { prints, reply } = JSON.parse(json) as ISharedReply;
    for (const p of prints) sink.stream(p.name, p.text);
    return reply;
  }

  private answered(api: Remote<IKernelWorkerApi>, workerMs: number): void {
    // A reply of a worker since restarted counts for nothing.
    if (this.api !== api) return;
    this.inFlight--;
    this.lastWorkerMs = workerMs;
  }

  complete(code: string, cursor: number): Promise<{ matches: string[]; cursorStart: number; cursorEnd: number }> {
    return this.call((api) => api.complete(code, cursor));
  }

  isComplete(code: string): Promise<'complete' | 'incomplete' | 'invalid'> {
    return this.call((api) => api.isComplete(code));
  }

  answerFile(itemId: string): Promise<Uint8Array> {
    return this.call((api) => api.answerFile(itemId));
  }

  restart(): void {
    this.stop();
    this.start();
  }

  stop(): void {
    this.ended.reject(new WorkerStopped());
    this.api?.[releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  private start(): void {
    const worker = this.makeWorker();
    const ended = ending();
    this.ended = ended;
    this.worker = worker;
    const api = wrap<IKernelWorkerApi>(worker);
    this.api = api;
    this.waiter = null;
    this.inFlight = 0;
    this.isReady = false;
    this.queued = 0;
    worker.addEventListener('error', (event) => {
      // A worker that cannot load (or dies) would otherwise leave every request waiting.
      ended.reject(new Error(`the kernel worker failed: ${event.message || 'it could not be loaded'}`));
    });
    const init = api.init(this.pipelinesUrl, proxy(this.pageSide()), proxy(this.outputSide()));
    const shared = this.sharedMemory();
    // Shared replies are an optimisation: if the worker cannot take the memory, cells go by message.
    const started = shared
      ? init.then(() =>
          api.shareReplies(shared).then(
            () => {
              if (this.api !== api) return;
              this.waiter = new SharedReplyWaiter(shared);
              performance.mark(SHARED_MEMORY_MARK);
            },
            () => undefined
          )
        )
      : init;
    this.ready = Promise.race([started, ended.promise]);
    this.ready.then(
      () => {
        if (this.api === api) this.isReady = true;
      },
      () => undefined
    );
  }

  /** Output of the worker's cells, handed to the sink of the cell it names. */
  private outputSide(): IOutputSink {
    return {
      stream: (cell, name, text) => this.sinks.get(cell)?.stream(name, text),
      display: (cell, bundle) => this.sinks.get(cell)?.display(bundle),
      progress: (cell, event) => this.sinks.get(cell)?.progress(event)
    };
  }

  /** The bridge as the worker sees it: files travel as transferred buffers, not copies. */
  private pageSide(): ICourseBridge {
    const send = (file: IPageFile): IPageFile => transfer(file, [file.data.buffer]);
    return {
      dataset: async (id, progress) => send(await this.bridge.dataset(id, progress)),
      file: async (path) => send(await this.bridge.file(path)),
      writeFile: (path, text, overwrite) => this.bridge.writeFile(path, text, overwrite),
      variant: () => this.bridge.variant(),
      answered: (itemId, answer) => this.bridge.answered(itemId, answer)
    };
  }

  private async call<T>(run: (api: Remote<IKernelWorkerApi>) => Promise<T>): Promise<T> {
    const { api, ended } = this;
    if (!api) throw new WorkerStopped();
    await Promise.race([this.ready, ended.promise]);
    // Stopped while waiting for the worker to be ready: this call belonged to the old worker.
    if (this.api !== api) throw new WorkerStopped();
    return Promise.race([run(api), ended.promise]);
  }
}

function ending(): { promise: Promise<never>; reject: (err: Error) => void } {
  let reject: (err: Error) => void = () => undefined;
  const promise = new Promise<never>((_, r) => (reject = r));
  promise.catch(() => undefined);
  return { promise, reject };
}
