import { describe, expect, it } from 'vitest';
import { AcademyClient, AcademyNetworkError, AcademyResponseError } from '../src/client';
import { serviceUrlFromHubPrefix } from '../src/service-url';
import { Me } from '@voxel-academy/protocol';

const json = (status: number, body: unknown, type = 'application/json'): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

const CATALOG = { courses: [] };
const ME = { name: 'ada', roles: ['learner'] };

/** A scripted fetch: each call is logged and answered by the first matching rule. */
function scripted(rules: Array<(url: string) => Response | undefined>) {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    for (const rule of rules) {
      const res = rule(url);
      if (res) return res;
    }
    throw new TypeError('Failed to fetch');
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('serviceUrlFromHubPrefix', () => {
  it('derives the service URL from the hub prefix', () => {
    expect(serviceUrlFromHubPrefix('/hub/', 'academy')).toBe('/services/academy/');
    expect(serviceUrlFromHubPrefix('/jupyter/hub/', 'academy')).toBe('/jupyter/services/academy/');
    expect(serviceUrlFromHubPrefix('', 'academy')).toBeNull();
  });
});

describe('AcademyClient', () => {
  it('completes the hub login once on 401 and retries the call', async () => {
    let loggedIn = false;
    const { calls, fetchImpl } = scripted([
      (u) => (u.startsWith('/services/academy/oauth_login') ? ((loggedIn = true), json(200, ME)) : undefined),
      (u) => (u === '/services/academy/api/catalog' ? (loggedIn ? json(200, CATALOG) : json(401, { type: 'x', title: 'no', status: 401, code: 'unauthenticated' })) : undefined)
    ]);
    const client = new AcademyClient({ serviceUrl: '/services/academy/', fetchImpl });
    await expect(client.catalog()).resolves.toEqual(CATALOG);
    expect(calls).toEqual([
      '/services/academy/api/catalog',
      `/services/academy/oauth_login?next=${encodeURIComponent('/services/academy/api/me')}`,
      '/services/academy/api/catalog'
    ]);
  });

  it('shares one login between concurrent calls', async () => {
    let loggedIn = false;
    const { calls, fetchImpl } = scripted([
      (u) => (u.includes('oauth_login') ? ((loggedIn = true), json(200, ME)) : undefined),
      (u) => (loggedIn ? json(200, u.endsWith('me') ? ME : CATALOG) : json(401, {}))
    ]);
    const client = new AcademyClient({ serviceUrl: '/services/academy/', fetchImpl });
    await Promise.all([client.me(), client.catalog(), client.catalog()]);
    expect(calls.filter((u) => u.includes('oauth_login'))).toHaveLength(1);
  });

  it('explains a hub refusal and an expired hub login', async () => {
    const refused = scripted([(u) => (u.includes('oauth_login') ? new Response('forbidden', { status: 403 }) : json(401, {}))]);
    await expect(new AcademyClient({ serviceUrl: '/s/', fetchImpl: refused.fetchImpl }).me()).rejects.toThrow(/did not let this account use the course service/);

    const expired = scripted([(u) => (u.includes('oauth_login') ? new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/html' } }) : json(401, {}))]);
    await expect(new AcademyClient({ serviceUrl: '/s/', fetchImpl: expired.fetchImpl }).me()).rejects.toThrow(/JupyterHub login has expired/);
  });

  it('turns problem responses, bad bodies and network failures into typed errors', async () => {
    const problem = { type: 'urn:x', title: 'JupyterHub is not reachable right now', status: 503, code: 'hub_unavailable', detail: 'Try again.' };
    const down = scripted([() => json(503, problem, 'application/problem+json')]);
    const err = await new AcademyClient({ serviceUrl: '/s/', fetchImpl: down.fetchImpl }).catalog().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AcademyResponseError);
    expect((err as AcademyResponseError).problem?.code).toBe('hub_unavailable');
    expect((err as Error).message).toBe('JupyterHub is not reachable right now — Try again.');

    const garbled = scripted([() => json(200, { courses: 'nope' })]);
    await expect(new AcademyClient({ serviceUrl: '/s/', fetchImpl: garbled.fetchImpl }).catalog()).rejects.toThrow(/does not understand/);

    const offline = scripted([]);
    await expect(new AcademyClient({ serviceUrl: '/s/', fetchImpl: offline.fetchImpl }).catalog()).rejects.toBeInstanceOf(AcademyNetworkError);
  });

  it('says when JupyterLab does not run under a hub', async () => {
    await expect(new AcademyClient({ serviceUrl: null, fetchImpl: scripted([]).fetchImpl }).catalog()).rejects.toThrow(/not running under JupyterHub/);
  });
});

describe('AcademyClient requests', () => {
  it('adds the CSRF header to state-changing requests only', async () => {
    const seen: Array<{ method: string; csrf: string | null }> = [];
    const fetchImpl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ method: init?.method ?? 'GET', csrf: new Headers(init?.headers).get('x-voxel-academy') });
      return json(200, ME);
    }) as typeof fetch;
    const client = new AcademyClient({ serviceUrl: '/s/', fetchImpl });
    await client.request('api/me', Me);
    await client.request('api/x', Me, { method: 'POST', body: '{}' });
    expect(seen).toEqual([
      { method: 'GET', csrf: null },
      { method: 'POST', csrf: '1' }
    ]);
  });
});
