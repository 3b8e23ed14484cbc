import type { ServerConnection, Session } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';
import { RoutingSessionClient } from '../src/kernel/services/session-client';

/** An in-memory `/api/sessions` for one side (server or browser). */
class FakeSessions implements Session.ISessionAPIClient {
  readonly serverSettings = {} as ServerConnection.ISettings;
  readonly sessions = new Map<string, Session.IModel>();
  private next = 0;

  constructor(private readonly prefix: string) {}

  async listRunning(): Promise<Session.IModel[]> {
    return [...this.sessions.values()];
  }

  async getModel(id: string): Promise<Session.IModel> {
    const m = this.sessions.get(id);
    if (!m) throw new Error(`${this.prefix}: no session ${id}`);
    return m;
  }

  async startNew(options: Session.ISessionOptions): Promise<Session.IModel> {
    const id = `${this.prefix}-${++this.next}`;
    const model: Session.IModel = { id, path: options.path, name: options.name, type: options.type, kernel: { id: `${id}-k`, name: options.kernel?.name ?? '' } };
    this.sessions.set(id, model);
    return model;
  }

  async shutdown(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async update(model: Parameters<Session.ISessionAPIClient['update']>[0]): Promise<Session.IModel> {
    const old = await this.getModel(model.id);
    const updated = { ...old, path: model.path ?? old.path, kernel: model.kernel?.name ? { id: `${old.id}-k2`, name: model.kernel.name } : old.kernel };
    this.sessions.set(old.id, updated);
    return updated;
  }
}

function setup() {
  const server = new FakeSessions('server');
  const browser = new FakeSessions('browser');
  const client = new RoutingSessionClient(server, browser, (name) => name === 'voxel-itk');
  return { server, browser, client };
}

const notebook = { path: 'lesson.ipynb', name: 'lesson.ipynb', type: 'notebook' };

describe('RoutingSessionClient', () => {
  it('starts sessions where their kernel runs', async () => {
    const { server, browser, client } = setup();
    await client.startNew({ ...notebook, kernel: { name: 'voxel-itk' } });
    await client.startNew({ ...notebook, path: 'other.ipynb', kernel: { name: 'python3' } });
    expect([...browser.sessions.keys()]).toEqual(['browser-1']);
    expect([...server.sessions.keys()]).toEqual(['server-1']);
    expect((await client.listRunning()).map((s) => s.id).sort()).toEqual(['browser-1', 'server-1']);
  });

  it('moves a session to the server and back when the kernel changes place, keeping its id', async () => {
    const { server, browser, client } = setup();
    const started = await client.startNew({ ...notebook, kernel: { name: 'voxel-itk' } });
    const onServer = await client.update({ id: started.id, kernel: { name: 'python3' } });
    expect(onServer).toMatchObject({ id: started.id, path: 'lesson.ipynb', kernel: { name: 'python3' } });
    expect(browser.sessions.size).toBe(0);
    expect(server.sessions.size).toBe(1);
    // listRunning reports the id the notebook knows, or the session manager would drop it.
    expect((await client.listRunning()).map((s) => s.id)).toEqual([started.id]);
    const back = await client.update({ id: started.id, kernel: { name: 'voxel-itk' } });
    expect(back).toMatchObject({ id: started.id, kernel: { name: 'voxel-itk' } });
    expect(server.sessions.size).toBe(0);
    await client.shutdown(started.id);
    expect(browser.sessions.size).toBe(0);
  });

  it('patches in place when the kernel stays on the same side', async () => {
    const { server, client } = setup();
    const started = await client.startNew({ ...notebook, kernel: { name: 'python3' } });
    await client.update({ id: started.id, path: 'renamed.ipynb' });
    expect(server.sessions.get(started.id)?.path).toBe('renamed.ipynb');
  });
});
