import { BaseManager, KernelSpec, KernelSpecManager, ServerConnection } from '@jupyterlab/services';
import { LiteKernelSpecClient, type IKernelSpecs } from '@jupyterlite/services';
import { Signal, type ISignal } from '@lumino/signaling';

/** The server's kernel specs plus the in-browser ones, as one list for the kernel picker and launcher. */
export class HybridKernelSpecManager extends BaseManager implements KernelSpec.IManager {
  private readonly server: KernelSpecManager;
  private readonly browser: KernelSpecManager;
  private _specs: KernelSpec.ISpecModels | null = null;
  private readonly _specsChanged = new Signal<this, KernelSpec.ISpecModels>(this);
  private readonly _connectionFailure = new Signal<this, ServerConnection.NetworkError>(this);
  private readonly _ready: Promise<void>;
  private _isReady = false;

  constructor(options: HybridKernelSpecManager.IOptions) {
    super(options);
    this.server = new KernelSpecManager({ serverSettings: options.serverSettings });
    this.browser = new KernelSpecManager({
      serverSettings: options.serverSettings,
      kernelSpecAPIClient: new LiteKernelSpecClient({ kernelSpecs: options.kernelSpecs, serverSettings: options.serverSettings })
    });
    this.server.connectionFailure.connect((_, err) => this._connectionFailure.emit(err));
    // Our own spec is registered by a plugin that may activate after this manager exists.
    options.kernelSpecs.changed.connect(() => void this.refreshSpecs());
    this.server.specsChanged.connect(() => this.merge());
    this._ready = Promise.all([this.server.ready, this.browser.ready]).then(() => {
      this.merge();
      this._isReady = true;
    });
  }

  get specs(): KernelSpec.ISpecModels | null {
    return this._specs;
  }

  get specsChanged(): ISignal<this, KernelSpec.ISpecModels> {
    return this._specsChanged;
  }

  get connectionFailure(): ISignal<this, ServerConnection.NetworkError> {
    return this._connectionFailure;
  }

  get isReady(): boolean {
    return this._isReady;
  }

  get ready(): Promise<void> {
    return this._ready;
  }

  async refreshSpecs(): Promise<void> {
    await Promise.all([this.server.refreshSpecs(), this.browser.refreshSpecs()]);
    this.merge();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.server.dispose();
    this.browser.dispose();
    super.dispose();
  }

  /** The server keeps its default kernel: server kernels behave as without the extension. */
  private merge(): void {
    const server = this.server.specs;
    const browser = this.browser.specs;
    if (!server && !browser) return;
    const specs: KernelSpec.ISpecModels = {
      default: server?.default || browser?.default || '',
      kernelspecs: { ...server?.kernelspecs, ...browser?.kernelspecs }
    };
    this._specs = specs;
    this._specsChanged.emit(specs);
  }
}

export namespace HybridKernelSpecManager {
  export interface IOptions extends BaseManager.IOptions {
    kernelSpecs: IKernelSpecs;
  }
}
