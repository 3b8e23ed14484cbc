import { describe, expect, it } from 'vitest';
import { useDemoApp } from '../support/demo.js';
import { loginAs } from '../support/session.js';

const SUBMIT = '/services/academy/api/courses/demo/assessments/quiz/submissions';

/** Malformed bodies are the client's mistake: a 4xx problem that says so, never a 500 or a logged stack. */
describe('request bodies a route cannot read', () => {
  const demo = useDemoApp();

  async function send(body: string, headers: Record<string, string>, path = SUBMIT, method = 'POST'): Promise<{ status: number; code: string }> {
    const ada = await loginAs(demo.app.base, demo.hub, { name: 'ada' });
    const res = await ada.request(method, path, { body, headers: { 'x-voxel-academy': '1', origin: demo.app.base, ...headers } });
    const problem = (await res.json()) as { code: string };
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return { status: res.status, code: problem.code };
  }

  it.each([
    ['an unsupported charset', '{"answers":{}}', { 'content-type': 'application/json; charset=koi8-r' }, 415, 'unsupported_media_type'],
    ['an unknown content-encoding', '{"answers":{}}', { 'content-type': 'application/json', 'content-encoding': 'x-squash' }, 415, 'unsupported_media_type'],
    ['text/plain instead of JSON', '{"answers":{}}', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
    ['a bare number', '5', { 'content-type': 'application/json' }, 400, 'bad_request'],
    ['a bare string', '"answers"', { 'content-type': 'application/json' }, 400, 'bad_request'],
    ['truncated JSON', '{"answers":{"modality":', { 'content-type': 'application/json' }, 400, 'bad_request'],
    ['an array', '[]', { 'content-type': 'application/json' }, 400, 'bad_request'],
    ['a body over the route limit', JSON.stringify({ answers: { x: { type: 'text', text: 'a'.repeat(300_000) } } }), { 'content-type': 'application/json' }, 413, 'payload_too_large']
  ])('%s → %i', async (_name, body, headers, status, code) => {
    expect(await send(body, headers)).toEqual({ status, code });
  });

  it('reads the override and revoke bodies with the same rules', async () => {
    const teach = await loginAs(demo.app.base, demo.hub, { name: 'teach', groups: ['instructors'] });
    const res = await teach.request('PUT', '/services/academy/api/courses/demo/assessments/quiz/overrides/ada', {
      body: '7',
      headers: { 'x-voxel-academy': '1', origin: demo.app.base, 'content-type': 'application/json' }
    });
    expect(res.status).toBe(400);
    const revoke = await teach.request('POST', '/services/academy/api/certificates/none/revoke', {
      body: 'reason=x',
      headers: { 'x-voxel-academy': '1', origin: demo.app.base, 'content-type': 'application/x-www-form-urlencoded' }
    });
    expect(revoke.status).toBe(415);
  });

  it('logs none of these as an unhandled error', () => {
    expect(demo.app.logLines.filter((l) => l.includes('unhandled error'))).toEqual([]);
  });
});
