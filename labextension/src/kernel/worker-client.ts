import type { IMimeBundle, IVariantInfo } from '@voxel-academy/kernel';
import type { AnswerSummary, ExecuteReply, FromWorker, ToWorker } from './protocol';

/** What the worker asks of the page: course data with the page's hub session. */
export interface ICourseBridge {
  dataset(id: string): Promise<{ path: string; data: Uint8Array; phantom?: boolean; variant?: string }>;
  file(path: string): Promise<{ path: string; data: Uint8Array }>;
  /** The lesson's variant (null outside a lesson, or when everyone works on the same data). */
  variant(): Promise<IVariantInfo | null>;
  answered(itemId: string, answer: AnswerSummary): void;
}

export interface IExecuteHandlers {
  stream(name: 'stdout' | 'stderr', text: string): void;
  display(bundle: IMimeBundle): void;
}

type Waiting = { resolve: (message: FromWorker) => void; handlers?: IExecuteHandlers };

/** Raised for requests that were running when the worker was stopped. */
export class WorkerStopped extends Error {
  constructor() {
    super('the kernel worker was stopped');
    this.name = 'WorkerStopped';
  }
}

/**
 * One kernel worker and the requests waiting on it. `restart` terminates it — the only way to
 * stop a cell stuck in a loop — and starts a fresh one; requests in flight fail with
 * WorkerStopped.
 */
export class WorkerClient {
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting & { reject: (err: Error) => void }>();

  constructor(
    private readonly workerUrl: URL,
    private readonly pipelinesUrl: string,
    private readonly bridge: ICourseBridge
  ) {
    this.start();
  }

  get whenReady(): Promise<void> {
    return this.ready;
  }

  async execute(code: string, handlers: IExecuteHandlers): Promise<ExecuteReply & { workerMs: number }> {
    const reply = await this.request({ type: 'execute', id: 0, code }, handlers);
    if (reply.type === 'execute-reply') return { ...reply.reply, workerMs: reply.workerMs };
    return { status: 'error', ename: 'Error', evalue: 'unexpected reply', traceback: [], workerMs: 0 };
  }

  async complete(code: string, cursor: number): Promise<{ matches: string[]; cursorStart: number; cursorEnd: number }> {
    const reply = await this.request({ type: 'complete', id: 0, code, cursor });
    return reply.type === 'complete-reply' ? reply : { matches: [], cursorStart: cursor, cursorEnd: cursor };
  }

  async isComplete(code: string): Promise<'complete' | 'incomplete' | 'invalid'> {
    const reply = await this.request({ type: 'is-complete', id: 0, code });
    return reply.type === 'is-complete-reply' ? reply.status : 'invalid';
  }

  async answerFile(itemId: string): Promise<Uint8Array> {
    const reply = await this.request({ type: 'answer-file', id: 0, itemId });
    if (reply.type !== 'answer-file-reply') throw new Error('unexpected reply from the kernel worker');
    if (!reply.ok) throw new Error(reply.message);
    return reply.data;
  }

  restart(): void {
    this.stop();
    this.start();
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(new WorkerStopped());
    this.waiting.clear();
  }

  private start(): void {
    // A module worker: the bundle uses `import()` for itk-wasm's pipeline modules.
    const worker = new Worker(this.workerUrl, { type: 'module', name: 'voxel-itk-kernel' });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (event: MessageEvent<FromWorker>): void => {
        if (event.data.type === 'ready') resolve();
        else this.onMessage(event.data);
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', (event) => {
        const error = new Error(`the kernel worker failed: ${event.message || 'it could not be loaded'}`);
        reject(error);
        // Requests in flight would otherwise wait forever.
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
      });
    });
    this.post({ type: 'init', pipelinesUrl: this.pipelinesUrl });
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private async request(message: ToWorker & { id: number }, handlers?: IExecuteHandlers): Promise<FromWorker> {
    await this.ready;
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, handlers });
      this.post({ ...message, id } as ToWorker);
    });
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'stream':
        this.waiting.get(message.id)?.handlers?.stream(message.name, message.text);
        return;
      case 'display':
        this.waiting.get(message.id)?.handlers?.display(message.bundle);
        return;
      case 'course-request':
        void this.serveCourse(message.id, message.op, message.arg);
        return;
      case 'answered':
        this.bridge.answered(message.itemId, message.answer);
        return;
      case 'ready':
        return;
      default: {
        const w = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        w?.resolve(message);
      }
    }
  }

  private async serveCourse(id: number, op: 'dataset' | 'file' | 'variant', arg: string): Promise<void> {
    try {
      if (op === 'variant') {
        this.post({ type: 'variant-reply', id, ok: true, variant: await this.bridge.variant() });
        return;
      }
      const file = op === 'dataset' ? await this.bridge.dataset(arg) : await this.bridge.file(arg);
      const phantom = 'phantom' in file && file.phantom === true;
      const variant = 'variant' in file && typeof file.variant === 'string' ? { variant: file.variant } : {};
      this.post({ type: 'course-reply', id, ok: true, path: file.path, data: file.data, phantom, ...variant }, [file.data.buffer]);
    } catch (err) {
      this.post({ type: 'course-reply', id, ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  }
}
