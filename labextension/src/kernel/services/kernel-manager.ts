import { BaseManager, Kernel, KernelManager, ServerConnection } from '@jupyterlab/services';
import type { IKernelClient, IKernelSpecs } from '@jupyterlite/services';
import { Signal, type ISignal } from '@lumino/signaling';
import { observedPromptSocket, PromptMockWebSocket, type ISocketObserver } from './prompt-socket';

/**
 * Kernels from two places behind one `Kernel.IManager`: in-browser kernels (those registered in
 * IKernelSpecs) through the lite kernel client, every other kernel through the server exactly
 * as JupyterLab's own manager would.
 */
export class HybridKernelManager extends BaseManager implements Kernel.IManager {
  private readonly server: KernelManager;
  private readonly browser: KernelManager;
  private readonly _runningChanged = new Signal<this, Kernel.IModel[]>(this);
  private readonly _connectionFailure = new Signal<this, ServerConnection.NetworkError>(this);

  constructor(private readonly options: HybridKernelManager.IOptions) {
    super(options);
    this.server = new KernelManager({ serverSettings: options.serverSettings });
    // In-browser kernels talk over a mock socket the lite client serves (handed over without mock-socket's 4 ms timer).
    this.browser = new KernelManager({
      serverSettings: { ...(options.serverSettings ?? ServerConnection.makeSettings()), WebSocket: (options.socketObserver ? observedPromptSocket(options.socketObserver) : PromptMockWebSocket) as unknown as typeof WebSocket },
      kernelAPIClient: options.kernelClient
    });
    const forward = (): void => this._runningChanged.emit([...this.running()]);
    this.server.runningChanged.connect(forward);
    this.browser.runningChanged.connect(forward);
    this.server.connectionFailure.connect((_, err) => this._connectionFailure.emit(err));
  }

  /** Whether a kernel of this name (or this running id) lives in the browser. */
  isBrowserKernel(model: { id?: string; name?: string }): boolean {
    if (model.name && this.options.kernelSpecs.specs?.kernelspecs[model.name]) return true;
    return !!model.id && [...this.browser.running()].some((k) => k.id === model.id);
  }

  get runningChanged(): ISignal<this, Kernel.IModel[]> {
    return this._runningChanged;
  }

  get connectionFailure(): ISignal<this, ServerConnection.NetworkError> {
    return this._connectionFailure;
  }

  get isReady(): boolean {
    return this.server.isReady && this.browser.isReady;
  }

  get ready(): Promise<void> {
    return Promise.all([this.server.ready, this.browser.ready]).then(() => undefined);
  }

  /** JupyterLab 4.6 sets this on the kernel manager; both inner managers need it. */
  get kernelInfoTimeout(): number {
    return this.server.kernelInfoTimeout;
  }

  set kernelInfoTimeout(value: number) {
    this.server.kernelInfoTimeout = value;
    this.browser.kernelInfoTimeout = value;
  }

  get runningCount(): number {
    return this.server.runningCount + this.browser.runningCount;
  }

  *running(): IterableIterator<Kernel.IModel> {
    yield* this.server.running();
    yield* this.browser.running();
  }

  async refreshRunning(): Promise<void> {
    await Promise.all([this.server.refreshRunning(), this.browser.refreshRunning()]);
  }

  startNew(createOptions: Kernel.IKernelOptions = {}, connectOptions: Omit<Kernel.IKernelConnection.IOptions, 'model' | 'serverSettings'> = {}): Promise<Kernel.IKernelConnection> {
    return this.pick(createOptions).startNew(createOptions, connectOptions);
  }

  connectTo(options: Kernel.IKernelConnection.IOptions): Kernel.IKernelConnection {
    return this.pick(options.model).connectTo(options);
  }

  shutdown(id: string): Promise<void> {
    return this.pick({ id }).shutdown(id);
  }

  async shutdownAll(): Promise<void> {
    await Promise.all([this.server.shutdownAll(), this.browser.shutdownAll()]);
  }

  async findById(id: string): Promise<Kernel.IModel | undefined> {
    return (await this.browser.findById(id)) ?? this.server.findById(id);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.server.dispose();
    this.browser.dispose();
    super.dispose();
  }

  private pick(model: { id?: string; name?: string }): KernelManager {
    return this.isBrowserKernel(model) ? this.browser : this.server;
  }
}

export namespace HybridKernelManager {
  export interface IOptions extends BaseManager.IOptions {
    kernelClient: IKernelClient;
    kernelSpecs: IKernelSpecs;
    /** Told of every message the page sends an in-browser kernel. */
    socketObserver?: ISocketObserver;
  }
}
