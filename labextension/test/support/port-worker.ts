import type { MessagePort } from 'node:worker_threads';

/**
 * A Worker-shaped end of a Node MessageChannel, for WorkerClient tests: the other end is served
 * by the extension's worker API, in this thread or in a worker thread. `fail` fires the
 * worker's error event.
 */
export class PortWorker extends EventTarget {
  terminated = false;

  constructor(private readonly port: MessagePort) {
    super();
    port.addEventListener('message', (event) => this.dispatchEvent(Object.assign(new Event('message'), { data: (event as MessageEvent).data })));
    port.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer as never);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
  }

  fail(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }
}
