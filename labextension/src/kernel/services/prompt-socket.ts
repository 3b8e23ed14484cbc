import { WebSocket as MockWebSocket } from 'mock-socket';

export type SocketData = string | Blob | ArrayBuffer | ArrayBufferView;

/** Told of each message as the page sends it, and again as it is handed to the kernel's side. */
export interface ISocketObserver {
  sent(url: string, data: unknown): void;
  delivered(url: string): void;
}

/**
 * The page's end of an in-browser kernel's socket. mock-socket hands every page → kernel message
 * over with `setTimeout(…, 4)`: at least 4 ms (more once timers nest, or when the tab is busy)
 * on every execute request before the kernel sees it. This socket hands it over in a microtask
 * instead: still after `send` returns, still in order, with nothing added to the wait.
 *
 * The server side of mock-socket listens on the client socket for `server::message` (its
 * `on('message')`); that is the event this delivers, with the data normalised as mock-socket does.
 */
export class PromptMockWebSocket extends MockWebSocket {
  /** Set by `observedPromptSocket`'s subclass. */
  protected readonly observer: ISocketObserver | null = null;

  override send(data: SocketData): void {
    if (this.readyState === MockWebSocket.CONNECTING) throw new Error("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state");
    // As a browser WebSocket does: data sent once the socket closes is discarded.
    if (this.readyState !== MockWebSocket.OPEN) return;
    const payload = data instanceof ArrayBuffer || Object.prototype.toString.call(data) === '[object Blob]' ? data : String(data);
    this.observer?.sent(this.url, payload);
    queueMicrotask(() => {
      this.observer?.delivered(this.url);
      const listeners = (this.listeners as Record<string, ((message: unknown) => void)[] | undefined>)['server::message'];
      for (const listener of listeners ?? []) listener.call(this, payload);
    });
  }
}

/** The socket class, telling `observer` of every message (the in-browser kernels' early start). */
export function observedPromptSocket(observer: ISocketObserver): typeof PromptMockWebSocket {
  return class ObservedPromptSocket extends PromptMockWebSocket {
    protected override readonly observer = observer;
  };
}
