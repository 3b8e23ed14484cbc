import type { KernelMessage } from '@jupyterlab/services';
import { BaseKernel, type IKernel } from '@jupyterlite/services';
import { EARLY_START_MARK } from './early-start';
import { HeldSink } from './held-sink';
import { CellProgress } from './progress-display';
import { KERNEL_DISPLAY_NAME, kernelStarted, kernelStopped } from './running';
import { WorkerClient, WorkerStopped, type ICourseBridge } from './worker-client';
import type { ExecuteReply, IExecuteSink, IWorkerTimes } from './protocol';

export const EXECUTE_MEASURE = 'voxel-itk:execute';
/** The part of a cell spent inside the worker (compile + run); the rest is messaging and the page. */
export const WORKER_MEASURE = 'voxel-itk:worker';
/** The request's way to the worker, and the reply's way back (until this side runs again). */
export const TO_WORKER_MEASURE = 'voxel-itk:to-worker';
export const FROM_WORKER_MEASURE = 'voxel-itk:from-worker';

const INTERRUPTED =
  'Interrupted: the running cell was stopped by restarting the kernel worker, so variables from earlier cells are gone. Run the cells you need again.';

/**
 * The in-browser kernel as JupyterLab sees it. Cells run in a dedicated module worker; this
 * side turns worker messages into Jupyter messages.
 */
export class ItkKernel extends BaseKernel {
  private readonly worker: WorkerClient;
  /** A cell sent to the worker as the page sent its request (see early-start.ts). */
  private early: { msgId: string; sink: HeldSink; reply: () => Promise<ExecuteReply & IWorkerTimes> } | null = null;

  constructor(options: ItkKernel.IOptions) {
    super(options);
    const { workerUrl } = options;
    this.worker = new WorkerClient(options.makeWorker ?? (() => new Worker(workerUrl, { type: 'module', name: 'voxel-itk-kernel' })), options.pipelinesUrl, options.bridge);
    kernelStarted(this);
  }

  // No `ready` of its own: the kernel answers at once (kernel info needs no worker), and each
  // request that needs the worker waits for it. Waiting here held JupyterLab's kernel-info
  // request while the worker started, and a restart in that window (Restart and Run All right
  // after opening) left the lite client and JupyterLab with rejections nobody handled.

  override dispose(): void {
    if (this.isDisposed) return;
    kernelStopped(this);
    this.worker.stop();
    super.dispose();
  }

  /** An image answer of this kernel as NIfTI bytes. */
  answerFile(itemId: string): Promise<Uint8Array> {
    return this.worker.answerFile(itemId);
  }

  /** Sends the request's cell to the worker now; `executeRequest` picks it up when its turn comes. */
  startEarly(request: KernelMessage.IExecuteRequestMsg): void {
    const sink = new HeldSink();
    this.early = { msgId: request.header.msg_id, sink, reply: this.worker.startCell(request.content.code, sink) };
    performance.mark(EARLY_START_MARK);
  }

  /** Stops a running cell: a worker cannot be interrupted in a loop, only terminated. */
  interrupt(): void {
    this.worker.restart();
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    const info = {
      implementation: 'voxel-itk',
      implementation_version: '0.1.0',
      language_info: {
        name: 'typescript',
        version: '5',
        mimetype: 'text/typescript',
        file_extension: '.ts',
        codemirror_mode: { name: 'javascript', typescript: true }
      },
      protocol_version: '5.3',
      status: 'ok' as const,
      banner: `${KERNEL_DISPLAY_NAME}: TypeScript cells on itk-wasm, run in your browser`,
      // No debug adapter: said so, JupyterLab's debugger leaves the kernel alone.
      debugger: false,
      help_links: [{ text: 'itk-wasm', url: 'https://wasm.itk.org' }]
    };
    // `debugger` is in the kernel protocol (5.5) but not in @jupyterlab/services' reply type.
    return info as KernelMessage.IInfoReplyMsg['content'];
  }

  async executeRequest(content: KernelMessage.IExecuteRequestMsg['content']): Promise<KernelMessage.IExecuteReplyMsg['content']> {
    // Kept: output that arrives while later messages are handled still belongs to this cell.
    const parent = this.parentHeader;
    const count = this.executionCount;
    const early = this.early && this.early.msgId === parent?.msg_id ? this.early : null;
    this.early = null;
    // Timed from the kernel's turn, as for every cell: an early start's head start is not counted against it.
    const started = performance.now();
    const progress = new CellProgress({ display: (c) => this.displayData(c, parent), update: (c) => this.updateDisplayData(c, parent) }, `${this.id}-${count}`);
    try {
      const sink: IExecuteSink = {
        stream: (name, text) => this.stream({ name, text }, parent),
        display: (bundle) => this.displayData({ data: bundle.data as KernelMessage.IDisplayDataMsg['content']['data'], metadata: bundle.metadata as KernelMessage.IDisplayDataMsg['content']['metadata'] }, parent),
        progress: (event) => progress.report(event)
      };
      early?.sink.attach(sink);
      const reply = await (early ? early.reply() : this.worker.execute(content.code, sink));
      const now = performance.now();
      // The worker's times on this page's timeline (both count from the same clock).
      const workerStart = reply.startedAt - performance.timeOrigin;
      const workerEnd = reply.endedAt - performance.timeOrigin;
      performance.measure(WORKER_MEASURE, { start: workerStart, end: workerEnd });
      performance.measure(TO_WORKER_MEASURE, { start: started, end: Math.max(started, workerStart) });
      performance.measure(FROM_WORKER_MEASURE, { start: Math.min(now, workerEnd), end: now });
      if (reply.status === 'error') {
        this.publishExecuteError({ ename: reply.ename, evalue: reply.evalue, traceback: reply.traceback }, parent);
        return { status: 'error', execution_count: count, ename: reply.ename, evalue: reply.evalue, traceback: reply.traceback };
      }
      if (reply.result) {
        this.publishExecuteResult({ execution_count: count, data: reply.result.data as KernelMessage.IExecuteResultMsg['content']['data'], metadata: reply.result.metadata as KernelMessage.IExecuteResultMsg['content']['metadata'] }, parent);
      }
      return { status: 'ok', execution_count: count, user_expressions: {} };
    } catch (err) {
      if (!(err instanceof WorkerStopped)) {
        // The worker itself failed (not the learner's code): say so in the cell, keep the kernel answering.
        const evalue = err instanceof Error ? err.message : String(err);
        this.publishExecuteError({ ename: 'KernelError', evalue, traceback: [`KernelError: ${evalue}`] }, parent);
        return { status: 'error', execution_count: count, ename: 'KernelError', evalue, traceback: [] };
      }
      this.stream({ name: 'stderr', text: INTERRUPTED + '\n' }, parent);
      // 'abort' rather than 'error': an error reply would make the client drop the queued cells silently.
      return { status: 'abort', execution_count: count } as KernelMessage.IExecuteReplyMsg['content'];
    } finally {
      progress.dispose();
      // A User Timing entry per cell (request in → reply out, worker round trip included), so
      // the benchmark and the browser's performance panel see the kernel's own cost.
      performance.measure(EXECUTE_MEASURE, { start: started, end: performance.now() });
    }
  }

  async completeRequest(content: KernelMessage.ICompleteRequestMsg['content']): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    // A worker that failed or was stopped (a restart) has nothing to offer: no matches, rather
    // than a failure nobody handles in the lite client.
    const c = await this.worker.complete(content.code, content.cursor_pos).catch(() => null);
    return { status: 'ok', matches: c?.matches ?? [], cursor_start: c?.cursorStart ?? content.cursor_pos, cursor_end: c?.cursorEnd ?? content.cursor_pos, metadata: {} };
  }

  async inspectRequest(): Promise<KernelMessage.IInspectReplyMsg['content']> {
    return { status: 'ok', found: false, data: {}, metadata: {} };
  }

  async isCompleteRequest(content: KernelMessage.IIsCompleteRequestMsg['content']): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    const status = await this.worker.isComplete(content.code).catch(() => 'unknown' as const);
    return status === 'incomplete' ? { status, indent: '' } : { status };
  }

  async commInfoRequest(): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    return { status: 'ok', comms: {} };
  }

  inputReply(): void {
    // Cells cannot ask for input (no `prompt` in a worker).
  }

  async commOpen(): Promise<void> {}

  async commMsg(): Promise<void> {}

  async commClose(): Promise<void> {}
}

export namespace ItkKernel {
  export interface IOptions extends IKernel.IOptions {
    /** URL of the bundled worker script. */
    workerUrl: URL;
    /** Makes the worker (default: a module worker from workerUrl). */
    makeWorker?: () => Worker;
    /** Absolute URL of the copied itk-wasm pipelines (one folder per package). */
    pipelinesUrl: string;
    bridge: ICourseBridge;
  }
}
