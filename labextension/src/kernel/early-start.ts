import { KernelMessage, type ServerConnection } from '@jupyterlab/services';
import type { ISocketObserver } from './services/prompt-socket';

/** User Timing mark: a cell was sent to the worker as the page sent its request. */
export const EARLY_START_MARK = 'voxel-itk:early-start';

/** What early start needs of a running in-browser kernel. */
export interface IEarlyStartKernel {
  startEarly(request: KernelMessage.IExecuteRequestMsg): void;
}

/**
 * Starts an in-browser kernel's cell as the page sends the request, not once JupyterLab has
 * finished the key press.
 *
 * Why: JupyterLab sends the execute request in the middle of its key press (~3–4 ms in), and
 * the kernel's side sees it only after the rest of that work (another 1–2 ms) and the lite
 * client's hand-over; the worker sat idle meanwhile. Started here, it runs the cell while the page
 * finishes, and the reply is usually there when the kernel asks for it.
 *
 * Only a request with nothing ahead of it starts early: the kernel handles one message at a time
 * (the lite client's lock), so a request sent while the lock is held or while an earlier message
 * is still being handed over waits its turn as before, and cells keep their order. Nothing is
 * skipped either: the lock is free, so the request takes it next and is never cancelled (the
 * client cancels only requests queued behind a failed cell).
 */
export class EarlyStarts implements ISocketObserver {
  /** Messages sent to each kernel and not handed over yet. */
  private readonly undelivered = new Map<string, number>();

  constructor(
    private readonly kernelOf: (kernelId: string) => IEarlyStartKernel | undefined,
    /** Whether the kernel is handling a message, or cannot tell (then nothing starts early). */
    private readonly busy: (kernelId: string) => boolean,
    /** The lite client's reader of the page's messages. */
    private readonly serializer: ServerConnection.ISettings['serializer']
  ) {}

  sent(url: string, data: unknown): void {
    const id = kernelIdOf(url);
    if (id === null) return;
    const ahead = this.undelivered.get(id) ?? 0;
    this.undelivered.set(id, ahead + 1);
    if (ahead > 0) return;
    const kernel = this.kernelOf(id);
    if (!kernel || this.busy(id)) return;
    const request = executeRequestOf(data, this.serializer);
    if (!request) return;
    try {
      kernel.startEarly(request);
    } catch (err) {
      // This runs inside JupyterLab's send: an optimisation must never fail the request, which
      // the kernel then runs the usual way at its turn.
      console.warn('voxel-itk: early start failed; the cell runs at its turn', err);
    }
  }

  delivered(url: string): void {
    const id = kernelIdOf(url);
    if (id === null) return;
    const left = (this.undelivered.get(id) ?? 1) - 1;
    if (left > 0) this.undelivered.set(id, left);
    else this.undelivered.delete(id);
  }
}

/** The kernel id of a kernel channels URL (`…/api/kernels/<id>/channels?…`). */
export function kernelIdOf(url: string): string | null {
  const match = /\/api\/kernels\/([^/?#]+)\/channels/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** The message if it is an execute request, read as the lite client reads it. */
function executeRequestOf(data: unknown, serializer: ServerConnection.ISettings['serializer']): KernelMessage.IExecuteRequestMsg | null {
  try {
    const bytes = data instanceof ArrayBuffer ? data : typeof data === 'string' ? (new TextEncoder().encode(data).buffer as ArrayBuffer) : null;
    if (!bytes) return null;
    const msg = serializer.deserialize(bytes, KernelMessage.supportedKernelWebSocketProtocols.v1KernelWebsocketJupyterOrg);
    return msg.header.msg_type === 'execute_request' && msg.channel === 'shell' ? (msg as KernelMessage.IExecuteRequestMsg) : null;
  } catch {
    // Not a message this optimisation understands: it is handled the usual way.
    return null;
  }
}
