import type { ServerConnection, Session } from '@jupyterlab/services';

type SessionUpdate = Parameters<Session.ISessionAPIClient['update']>[0];

interface IRoute {
  browser: boolean;
  /** The session's id where it actually lives (changes when the kernel moves between places). */
  realId: string;
}

/**
 * Routes `/api/sessions` calls to the server or to the in-browser session client by kernel.
 * Changing a notebook's kernel between the two places cannot be a PATCH on either side (the
 * server has no browser kernels, the browser no server kernels), so the session is shut down
 * where it is and started on the other side; the notebook keeps its session id, which this
 * client maps to the new one.
 */
export class RoutingSessionClient implements Session.ISessionAPIClient {
  private readonly routes = new Map<string, IRoute>();

  constructor(
    private readonly server: Session.ISessionAPIClient,
    private readonly browser: Session.ISessionAPIClient,
    private readonly inBrowser: (kernelName: string) => boolean
  ) {}

  get serverSettings(): ServerConnection.ISettings {
    return this.server.serverSettings;
  }

  async listRunning(): Promise<Session.IModel[]> {
    const [server, browser] = await Promise.all([this.server.listRunning(), this.browser.listRunning()]);
    const publicIds = new Map([...this.routes].map(([id, r]) => [r.realId, id]));
    return [...server, ...browser].map((m) => ({ ...m, id: publicIds.get(m.id) ?? m.id }));
  }

  async getModel(id: string): Promise<Session.IModel> {
    const route = this.route(id);
    return { ...(await this.side(route).getModel(route.realId)), id };
  }

  async startNew(options: Session.ISessionOptions): Promise<Session.IModel> {
    const browser = this.inBrowser(options.kernel?.name ?? '');
    const model = await (browser ? this.browser : this.server).startNew(options);
    this.routes.set(model.id, { browser, realId: model.id });
    return model;
  }

  async shutdown(id: string): Promise<void> {
    const route = this.route(id);
    await this.side(route).shutdown(route.realId);
    this.routes.delete(id);
  }

  async update(model: SessionUpdate): Promise<Session.IModel> {
    const route = this.route(model.id);
    const name = model.kernel?.name;
    const browser = name ? this.inBrowser(name) : route.browser;
    if (browser === route.browser) return { ...(await this.side(route).update({ ...model, id: route.realId })), id: model.id };
    const before = await this.side(route).getModel(route.realId);
    await this.side(route).shutdown(route.realId);
    const created = await (browser ? this.browser : this.server).startNew({
      path: model.path ?? before.path,
      name: model.name ?? before.name,
      type: model.type ?? before.type,
      kernel: { name: name ?? '' }
    });
    this.routes.set(model.id, { browser, realId: created.id });
    return { ...created, id: model.id };
  }

  /** Sessions not started here (e.g. before a reload) are the server's: browser kernels do not survive reloads. */
  private route(id: string): IRoute {
    return this.routes.get(id) ?? { browser: false, realId: id };
  }

  private side(route: IRoute): Session.ISessionAPIClient {
    return route.browser ? this.browser : this.server;
  }
}
