import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { arbitraryFor, type IJsonSchema, type KnownValues } from './schema-arbitrary.js';

export type Role = 'anonymous' | 'learner' | 'other learner' | 'instructor' | 'admin';
export const ROLES: readonly Role[] = ['anonymous', 'learner', 'other learner', 'instructor', 'admin'];

/** One route as the OpenAPI document (or the list of public pages) describes it. */
export interface IRoute {
  method: string;
  /** Under the service prefix, with `{param}` placeholders. */
  path: string;
  body: 'json' | 'binary' | 'none';
  schema?: IJsonSchema;
}

export interface IFuzzRequest {
  role: Role;
  method: string;
  /** Under the service prefix, parameters filled in, with any query string. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** What was generated, for the report: route and the kind of body. */
  label: string;
}

/** Real ids and files, so that some generated requests are valid and reach the deepest code. */
export interface IFixtures {
  /** Path parameter values by name; `"<METHOD> <name>"` (e.g. `"DELETE post"`) overrides one method's. */
  params: Record<string, readonly string[]>;
  itemIds: readonly string[];
  /** Real values for body properties by name (ids the services look up). */
  known?: KnownValues;
  /** Files a verifier or the upload route accepts (certificate PDF, credential JSON, VC-JWT, a mask). */
  genuine: { verify: readonly Uint8Array[]; uploads: readonly Uint8Array[] };
  /** Bombs, truncations and garbage built once (support/hostile-files.ts). */
  hostile: { verify: readonly Uint8Array[]; uploads: readonly Uint8Array[] };
}

/** Every route of the OpenAPI document, relative to the prefix. */
export function routesFromOpenApi(doc: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: IJsonSchema }> } }>> }, prefix: string): IRoute[] {
  const routes: IRoute[] = [];
  for (const [full, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      routes.push({ method: method.toUpperCase(), path: full.slice(prefix.length), body: json ? 'json' : content['application/octet-stream'] ? 'binary' : 'none', ...(json ? { schema: json.schema } : {}) });
    }
  }
  return routes;
}

/** Pages and flows outside the API document: the landing page, OAuth, the issuer, verification, status lists. */
export const PUBLIC_PAGES: readonly IRoute[] = ['', 'oauth_login', 'oauth_callback', 'logout', 'issuer', 'issuer/jwks.json', 'verify', 'verify/{id}', 'verify.js', 'status/{list}', 'api/events', 'api/no-such-route'].map(
  (path) => ({ method: 'GET', path, body: 'none' as const })
);

const HOSTILE_SEGMENTS = ['..', '%2e%2e', '%2F..%2F', '%00', '%ZZ', 'a'.repeat(3000), 'ünïcødé', '<script>alert(1)</script>', "' OR 1=1 --", '-1', '9'.repeat(40), '__proto__', 'constructor', ''];
const QUERIES = ['', '', '', '?course=demo', '?assessment[]=a&assessment[]=b', '?course[$gt]=', `?next=${encodeURIComponent('/services/academy/../../hub/admin')}`, '?code=x&state=y', `?x=${'y'.repeat(4000)}`, '?%ZZ=1'];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16le', 'application/json; charset=koi8-r', ''];
const METHODS = ['DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PUT', 'POST'];

/** A generated request: mostly the route's own method, roles and bodies shaped by its schema, then mutated. */
export function requestArbitrary(routes: readonly IRoute[], fixtures: IFixtures, sameOrigin: string): fc.Arbitrary<IFuzzRequest> {
  return fc
    .record({
      route: fc.constantFrom(...routes),
      role: fc.constantFrom(...ROLES),
      // Mostly the route's own method (null); one request in seven another one. (fc.option's
      // freq is the odds of null, 1 in freq: with freq 12, 11 of 12 requests had another method.)
      otherMethod: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
      query: fc.constantFrom(...QUERIES),
      csrf: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      origin: fc.oneof({ weight: 17, arbitrary: fc.constant(sameOrigin) }, { weight: 1, arbitrary: fc.constantFrom('http://evil.example', 'null', '') }),
      idempotency: fc.constantFrom('', '', '', 'k'.repeat(20), 'bad key!', 'x'.repeat(500)),
      seed: fc.integer({ min: 0, max: 1e9 })
    })
    .chain(({ route, role, otherMethod, query, csrf, origin, idempotency, seed }) =>
      fc.tuple(pathOf(route, fixtures, otherMethod ?? route.method), bodyOf(route, fixtures, seed)).map(([path, body]): IFuzzRequest => {
        const headers: Record<string, string> = { ...body.headers };
        if (csrf) headers['x-voxel-academy'] = '1';
        if (origin) headers['origin'] = origin;
        if (idempotency) headers['idempotency-key'] = idempotency;
        const method = otherMethod ?? route.method;
        return {
          role,
          method,
          path: path + query,
          headers,
          ...(body.bytes && method !== 'GET' && method !== 'HEAD' ? { body: body.bytes } : {}),
          label: `${method} ${route.path} ${body.kind}`
        };
      })
    );
}

/**
 * A well-formed request to one route: its own method, real ids in the path, CSRF header and
 * same origin, and an unmutated schema-shaped (or genuine file) body, from any role. The
 * coverage pass uses it for operations the mutated sample never got past the front door of,
 * so that whether every operation can succeed does not hang on how one seed spreads its draws.
 */
export function wellFormedArbitrary(route: IRoute, fixtures: IFixtures, sameOrigin: string): fc.Arbitrary<IFuzzRequest> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const path = fc
    .tuple(...names.map((name) => fc.constantFrom(...paramValues(fixtures, route.method, name)).map(encodeURIComponent)))
    .map((filled) => names.reduce((p, name, i) => p.replace(`{${name}}`, filled[i]!), route.path));
  const body: fc.Arbitrary<IBody> =
    route.body === 'json'
      ? arbitraryFor(route.schema ?? {}, fixtures.itemIds, fixtures.known).map((v) => json('well-formed', JSON.stringify(v)))
      : route.body === 'binary'
        ? fc.constantFrom(...(route.path === 'api/uploads' ? fixtures.genuine.uploads : fixtures.genuine.verify)).map((b) => ({ kind: 'well-formed file', bytes: b, headers: { 'content-type': 'application/octet-stream' } }))
        : fc.constant<IBody>({ kind: 'well-formed', headers: {} });
  return fc.tuple(fc.constantFrom(...ROLES), path, body).map(([role, filled, b]) => ({
    role,
    method: route.method,
    path: filled,
    headers: { ...b.headers, 'x-voxel-academy': '1', origin: sameOrigin },
    ...(b.bytes && route.method !== 'GET' && route.method !== 'HEAD' ? { body: b.bytes } : {}),
    label: `${route.method} ${route.path} ${b.kind}`
  }));
}

/** A route's real values for a path parameter (its method's own list first: a DELETE gets ids of its own, so it cannot remove what the other routes act on). */
function paramValues(fixtures: IFixtures, method: string, name: string): readonly string[] {
  return fixtures.params[`${method} ${name}`] ?? fixtures.params[name] ?? ['x'];
}

/** The route's path with parameters filled for a request sent with `method` (mostly the route's own). */
function pathOf(route: IRoute, fixtures: IFixtures, method: string): fc.Arbitrary<string> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant(route.path);
  const values = names.map((name) =>
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...paramValues(fixtures, method, name)).map(encodeURIComponent) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) })
  );
  return fc.tuple(...values).map((filled) => names.reduce((path, name, i) => path.replace(`{${name}}`, filled[i]!), route.path));
}

interface IBody {
  kind: string;
  bytes?: Uint8Array;
  headers: Record<string, string>;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const json = (kind: string, value: string, contentType = 'application/json'): IBody => ({ kind, bytes: text(value), headers: contentType ? { 'content-type': contentType } : {} });

function bodyOf(route: IRoute, fixtures: IFixtures, seed: number): fc.Arbitrary<IBody> {
  if (route.body === 'binary') {
    const pick = route.path === 'api/uploads' ? fixtures.genuine.uploads : fixtures.genuine.verify;
    const hostile = route.path === 'api/uploads' ? fixtures.hostile.uploads : fixtures.hostile.verify;
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...pick).map((b) => ({ kind: 'genuine file', bytes: b, headers: { 'content-type': 'application/octet-stream' } })) },
      { weight: 3, arbitrary: fc.constantFrom(...pick).map((b) => ({ kind: 'bit-flipped file', bytes: flip(b, seed), headers: { 'content-type': 'application/octet-stream' } })) },
      { weight: 2, arbitrary: fc.constantFrom(...hostile).map((b) => ({ kind: 'hostile file', bytes: b, headers: { 'content-type': 'application/octet-stream' } })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4096 }).map((b) => ({ kind: 'random bytes', bytes: b, headers: {} })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'gzip-encoded garbage', bytes: text('not gzip at all'), headers: { 'content-encoding': 'gzip' } }) }
    );
  }
  if (route.body === 'none') {
    return fc.oneof({ weight: 8, arbitrary: fc.constant<IBody>({ kind: 'no body', headers: {} }) }, { weight: 1, arbitrary: fc.jsonValue().map((v) => json('unexpected body', JSON.stringify(v) ?? 'null')) });
  }
  const valid = arbitraryFor(route.schema ?? {}, fixtures.itemIds, fixtures.known);
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((v) => json('schema-shaped', JSON.stringify(v))) },
    { weight: 2, arbitrary: fc.tuple(valid, fc.jsonValue({ maxDepth: 3 })).map(([v, extra]) => json('extra fields', withExtraFields(v, extra))) },
    { weight: 2, arbitrary: valid.map((v) => json('field dropped', JSON.stringify(typeof v === 'object' && v ? Object.fromEntries(Object.entries(v).slice(1)) : v))) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => json('wrong types', JSON.stringify(v) ?? 'null')) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 400_000 }).map((n) => json('huge string', JSON.stringify({ answers: { x: { type: 'text', text: 'a'.repeat(n) } }, reason: 'r'.repeat(n) }))) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 60_000 }).map((n) => json('deeply nested', '['.repeat(n) + ']'.repeat(n))) },
    { weight: 1, arbitrary: fc.constantFrom('1e999', '-0', '{"extraAttempts":1e999,"deadline":null}', '{"answers":{"a":{"type":"number","value":1e999}}}', '\uFEFF{}', '{"a":1,"a":2}').map((s) => json('edge numbers and text', s)) },
    { weight: 1, arbitrary: valid.chain((v) => fc.nat({ max: Math.max(1, JSON.stringify(v).length - 1) }).map((cut) => json('truncated', JSON.stringify(v).slice(0, cut)))) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...CONTENT_TYPES)).map(([v, type]) => json(`as ${type || 'no type'}`, JSON.stringify(v), type)) },
    { weight: 1, arbitrary: valid.map((v) => ({ kind: 'gzip-encoded JSON', bytes: new Uint8Array(gzipSync(JSON.stringify(v))), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } })) },
    { weight: 1, arbitrary: fc.constantFrom('br', 'x-squash', 'deflate').map((enc) => ({ kind: `encoded as ${enc}`, bytes: text('{"answers":{}}'), headers: { 'content-type': 'application/json', 'content-encoding': enc } })) }
  );
}

/** The value's JSON with a "__proto__" member (prototype pollution attempt) and an unknown one. */
function withExtraFields(value: unknown, extra: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  const members = `"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"extra":${JSON.stringify(extra) ?? 'null'}`;
  return text.startsWith('{') ? `{${members}${text === '{}' ? '' : ','}${text.slice(1)}` : `{${members}}`;
}

/** A copy of `bytes` with a few bits flipped at positions derived from `seed`. */
function flip(bytes: Uint8Array, seed: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0, s = seed; i < 4 && out.length > 0; i++, s = (s * 1103515245 + 12345) % 2 ** 31) out[s % out.length]! ^= 1 << (s % 8);
  return out;
}
