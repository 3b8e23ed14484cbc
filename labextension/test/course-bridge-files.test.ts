import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';
import { courseBridge } from '../src/kernel/course-bridge';

/** The learner's contents API, in memory: what course.file and course.writeFile talk to in the browser. */
function contentsServer() {
  const files = new Map<string, string>();
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname.replace(/^\/user\/ada\/api\/contents\//, ''));
    calls.push(`${request.method} ${path}${url.search}`);
    if (request.method === 'PUT') {
      const body = (await request.json()) as { type: string; format: string; content: string };
      if (body.type !== 'file' || body.format !== 'text') return new Response('bad model', { status: 400 });
      if (path.startsWith('missing-folder/')) return new Response('no such directory', { status: 404, statusText: 'Not Found' });
      files.set(path, body.content);
      return new Response(JSON.stringify({ name: path.split('/').pop(), path }), { status: 201 });
    }
    const text = files.get(path);
    if (text === undefined) return new Response('{}', { status: 404, statusText: 'Not Found' });
    const content = url.searchParams.get('content') === '1' ? Buffer.from(text).toString('base64') : null;
    return new Response(JSON.stringify({ name: path.split('/').pop(), path, content }), { status: 200 });
  };
  const settings = ServerConnection.makeSettings({ baseUrl: 'http://lab.test/user/ada/', fetch, Request, Headers, token: 't' });
  return { files, calls, settings };
}

describe('course bridge: workspace files through the contents API', () => {
  it('writes next to the notebook, reads back, and keeps an existing file with overwrite false', async () => {
    const server = contentsServer();
    const bridge = courseBridge(null, server.settings, 'academy/medical-image-analysis', () => null, () => undefined);
    expect(await bridge.writeFile('region-growing.ts', 'export const a = 1', true)).toBe(true);
    expect(server.files.get('academy/medical-image-analysis/region-growing.ts')).toBe('export const a = 1');
    const read = await bridge.file('region-growing.ts');
    expect(read.path).toBe('region-growing.ts');
    expect(new TextDecoder().decode(read.data)).toBe('export const a = 1');
    expect(await bridge.writeFile('region-growing.ts', 'export const a = 2', false)).toBe(false);
    expect(server.files.get('academy/medical-image-analysis/region-growing.ts')).toBe('export const a = 1');
    // Only a metadata GET (no content, no PUT) decided that; JupyterLab appends a cache-buster to GETs.
    expect(server.calls.at(-1)).toMatch(/^GET academy\/medical-image-analysis\/region-growing\.ts\?content=0(&\d+)?$/);
    expect(await bridge.writeFile('new.ts', 'x', false)).toBe(true);
  });

  it('says which file is missing, and why a write failed', async () => {
    const server = contentsServer();
    const bridge = courseBridge(null, server.settings, '', () => null, () => undefined);
    await expect(bridge.file('nothing.ts')).rejects.toThrow('"nothing.ts" not found in your workspace');
    await expect(bridge.writeFile('missing-folder/x.ts', 'x', true)).rejects.toThrow(/course\.writeFile: "missing-folder\/x\.ts" could not be written \(404 Not Found; does its folder exist\?\)/);
  });
});
