import { WebSocket as MockWebSocket } from 'mock-socket';

type SocketData = string | Blob | ArrayBuffer | ArrayBufferView;

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
  override send(data: SocketData): void {
    if (this.readyState === MockWebSocket.CONNECTING) throw new Error("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state");
    // As a browser WebSocket does: data sent once the socket closes is discarded.
    if (this.readyState !== MockWebSocket.OPEN) return;
    const payload = data instanceof ArrayBuffer || Object.prototype.toString.call(data) === '[object Blob]' ? data : String(data);
    queueMicrotask(() => {
      const listeners = (this.listeners as Record<string, ((message: unknown) => void)[] | undefined>)['server::message'];
      for (const listener of listeners ?? []) listener.call(this, payload);
    });
  }
}
