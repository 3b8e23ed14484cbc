import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPath } from '@voxel-academy/protocol';
import { mountedRoutes, mountRouteTable, type RouteHandlers } from '../src/http/route-table.js';
import { OPERATIONS, PAGES } from '../src/openapi/operations.js';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { SECRET } from './support/test-config.js';

const key = (r: { method: string; path: string }): string => `${r.method.toUpperCase()} ${r.path}`;
const TABLE = [...OPERATIONS, ...PAGES].map((r) => key({ method: r.method, path: `/${r.path}` })).sort();

describe('routes come from the operations table', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    app = await startTestApp(hub.apiUrl);
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('serves every operation and page of the table once, and nothing else', () => {
    const served = mountedRoutes(app.routes).map(key).sort();
    expect(served).toEqual(TABLE);
  });

  it('documents every API operation (and every ApiPath but the WebSocket) in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${app.base}/services/academy/${ApiPath.openapi}`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${method} ${path} ${op.operationId}`));
    expect(documented.sort()).toEqual(OPERATIONS.map((op) => `${op.method} /services/academy/${op.path.replace(/:(\w+)/g, '{$1}')} ${op.id}`).sort());
    const paths = Object.entries(ApiPath).filter(([id]) => id !== 'events').map(([, p]) => p);
    expect(new Set(OPERATIONS.map((op) => op.path))).toEqual(new Set(paths));
  });

  it('checks the session on every non-public operation itself: an unknown API path is a 404, a known one a 401', async () => {
    const anonymous = async (path: string): Promise<number> => (await fetch(`${app.base}/services/academy/${path}`)).status;
    expect(await anonymous(ApiPath.me)).toBe(401);
    expect(await anonymous('api/not-an-operation')).toBe(404);
    expect(await anonymous(ApiPath.health)).not.toBe(401);
  });
});

describe('mountedRoutes', () => {
  it('finds a route added beside the table, in a sub-router too, so the check above can fail', () => {
    const router = express.Router();
    const noop: express.RequestHandler = (_req, res) => void res.end();
    const handlers = Object.fromEntries([...OPERATIONS, ...PAGES].map((r) => [r.id, noop])) as RouteHandlers;
    mountRouteTable(router, handlers, { session: noop });
    const sub = express.Router();
    sub.get('/api/secret-export', noop);
    router.use(sub);
    router.delete('/api/courses/:course', noop);
    const extra = mountedRoutes(router).map(key).filter((k) => !TABLE.includes(k));
    expect(extra.sort()).toEqual(['DELETE /api/courses/:course', 'GET /api/secret-export']);
  });
});
