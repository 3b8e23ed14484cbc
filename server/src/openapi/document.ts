import { z } from 'zod';
import { Problem } from '@voxel-academy/protocol';
import { OPERATIONS, type IOperation } from './operations.js';

type Json = Record<string, unknown>;

const schema = (s: z.ZodType): Json => {
  // OpenAPI 3.1 embeds JSON Schema 2020-12 without a per-schema $schema.
  const json = z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }) as Json;
  delete json['$schema'];
  return json;
};

/** OpenAPI 3.1 generated from the shared zod schemas, so the document cannot drift from the code. */
export function openApiDocument(prefix: string, version: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const path = prefix + op.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...(paths[path] ?? {}), [op.method]: operation(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Voxel Academy course server',
      version,
      description:
        'Served under the JupyterHub service prefix. Browsers authenticate through the hub OAuth flow (session cookie); ' +
        `state-changing requests need the header "x-voxel-academy: 1" and a same-origin Origin. Live events: WebSocket at ${prefix}api/events.`
    },
    components: {
      securitySchemes: {
        hubSession: { type: 'apiKey', in: 'cookie', name: 'voxel-academy-session' },
        scraperToken: { type: 'http', scheme: 'bearer', description: 'ACADEMY_METRICS_TOKEN, for a metrics scraper (unset: only hub admins can read the metrics)' }
      },
      schemas: { Problem: schema(Problem) }
    },
    paths
  };
}

function operation(op: IOperation): Json {
  const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const problem = { description: 'Problem details', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  const ok: Json = { description: 'Success' };
  if (op.response) ok['content'] = { 'application/json': { schema: schema(op.response) } };
  if (op.responseType === 'csv') ok['content'] = { 'text/csv': { schema: { type: 'string' } } };
  if (op.responseType === 'prometheus') ok['content'] = { 'text/plain; version=0.0.4': { schema: { type: 'string' } } };
  if (op.responseType === 'binary') ok['content'] = { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } };
  const result: Json = {
    summary: op.summary,
    operationId: op.id,
    tags: [op.access],
    parameters: params,
    responses: { [String(op.status ?? 200)]: ok, '4XX': problem, '5XX': problem }
  };
  if (op.access !== 'public') result['security'] = op.scraperToken ? [{ hubSession: [] }, { scraperToken: [] }] : [{ hubSession: [] }];
  if (op.request) result['requestBody'] = { required: true, content: { 'application/json': { schema: schema(op.request) } } };
  if (op.requestType === 'binary') {
    result['requestBody'] = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };
  }
  return result;
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** A plain, dependency-free API page (no CDN: the platform works offline). */
export function apiPage(prefix: string, version: string): string {
  const rows = OPERATIONS.map(
    (op) =>
      `<tr><td><code>${op.method.toUpperCase()}</code></td><td><code>${escape(prefix + op.path)}</code></td><td>${escape(op.access)}</td><td>${escape(op.summary)}</td></tr>`
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Voxel Academy API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d2330}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{font-size:.9em}</style>
</head><body><h1>Voxel Academy course server API <small>${escape(version)}</small></h1>
<p>Machine-readable: <a href="openapi.json">OpenAPI 3.1 document</a>. Errors are <code>application/problem+json</code> with a stable <code>code</code>.
State-changing requests need <code>x-voxel-academy: 1</code>. Live events: WebSocket <code>${escape(prefix)}api/events</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Access</th><th>What it does</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
