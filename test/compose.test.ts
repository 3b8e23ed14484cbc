import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../server/src/config.js';

// Docker does not run here: these checks keep docker-compose.yml consistent with the repository.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type Mount = string | { type?: string; source?: string; target?: string };
interface IService {
  build?: string | { context?: string; dockerfile?: string };
  image?: string;
  ports?: (string | number | { target?: number; published?: number | string })[];
  environment?: Record<string, unknown> | string[];
  volumes?: Mount[];
  profiles?: string[];
  entrypoint?: string | string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: Record<string, { condition?: string; required?: boolean }> | string[];
}
interface ICompose {
  services?: Record<string, IService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { name?: string } | null>;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as ICompose;
const services = compose.services ?? {};
const service = (name: string): IService => services[name] ?? {};

function envOf(name: string): Record<string, string> {
  const raw = service(name).environment ?? {};
  const pairs = Array.isArray(raw) ? raw.map((e) => e.split(/=(.*)/s).slice(0, 2)) : Object.entries(raw);
  return Object.fromEntries(pairs.map(([k, v]) => [k, String(v ?? '')]));
}

/**
 * Compose-style interpolation with test values: `${VAR}`, `${VAR:-default}`, `${VAR:?error}`,
 * `${VAR:+replacement}` (and the forms without a colon), nested as Compose allows.
 */
function interpolate(value: string, vars: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (!value.startsWith('${', i)) {
      out += value[i];
      continue;
    }
    let depth = 0;
    let end = i;
    for (; end < value.length; end++) {
      if (value.startsWith('${', end)) depth++;
      else if (value[end] === '}' && --depth === 0) break;
    }
    const [, key = '', op, arg = ''] = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?(.*)$/s.exec(value.slice(i + 2, end)) ?? [];
    const set = vars[key] !== undefined;
    const nonEmpty = set && vars[key] !== '';
    const given = op?.startsWith(':') ? nonEmpty : set;
    if (op?.endsWith('+')) out += given ? interpolate(arg, vars) : '';
    else if (op?.endsWith('-')) out += given ? vars[key] : interpolate(arg, vars);
    else out += vars[key] ?? `<unset ${key}>`;
    i = end;
  }
  return out;
}

function mountsOf(name: string): { type: string; source: string; target: string }[] {
  return (service(name).volumes ?? []).map((m) => {
    if (typeof m !== 'string') return { type: m.type ?? 'volume', source: m.source ?? '', target: m.target ?? '' };
    const [source = '', target = ''] = m.split(':');
    return { type: /^[./~]/.test(source) ? 'bind' : 'volume', source, target };
  });
}

function buildOf(name: string): { context: string; dockerfile: string } {
  const build = service(name).build;
  const spec = typeof build === 'string' ? { context: build } : (build ?? {});
  const context = resolve(ROOT, spec.context ?? '.');
  return { context, dockerfile: resolve(context, spec.dockerfile ?? 'Dockerfile') };
}

/** COPY/ADD instructions from the build context: [sources, destination] (skips `--from=`). */
function copies(dockerfile: string): [string[], string][] {
  const lines = readFileSync(dockerfile, 'utf8').replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  return lines
    .map((line) => /^\s*(?:COPY|ADD)\s+(.*)$/i.exec(line)?.[1]?.trim())
    .filter((args): args is string => args !== undefined && !/--from=/.test(args))
    .map((args) => {
      const words = args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/).filter((w) => !w.startsWith('--'));
      return [words.slice(0, -1), words[words.length - 1] ?? ''];
    });
}

const built = ['hub', 'academy', 'singleuser'];

describe('docker-compose.yml', () => {
  it('defines the hub, the course server and the single-user image, which `up` does not start', () => {
    for (const name of built) expect(services, name).toHaveProperty(name);
    const single = service('singleuser');
    expect(Boolean(single.profiles?.length) || JSON.stringify(single.entrypoint) === '["true"]').toBe(true);
    expect(single.image).toBe(envOf('hub').VOXEL_SINGLEUSER_IMAGE);
  });

  it('publishes the hub on port 8000', () => {
    const ports = (service('hub').ports ?? []).map((p) =>
      typeof p === 'object' ? `${p.published}:${p.target}` : String(p).split(':').slice(-2).join(':')
    );
    expect(ports).toContain('8000:8000');
  });

  it('keeps hub and academy state in declared named volumes at their data directories', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const dataDirs = { hub: envOf('hub').VOXEL_DATA_DIR, academy: envOf('academy').ACADEMY_DATA_DIR };
    for (const [name, dir] of Object.entries(dataDirs)) {
      const named = mountsOf(name).filter((m) => m.type === 'volume');
      expect(named.length, name).toBeGreaterThan(0);
      for (const m of named) expect(declared, `${name}: ${m.source}`).toContain(m.source);
      expect(named.map((m) => m.target), name).toContain(dir);
    }
  });

  it('builds from Dockerfiles whose COPY sources exist in the repository', () => {
    for (const name of built) {
      const { context, dockerfile } = buildOf(name);
      expect(existsSync(dockerfile), dockerfile).toBe(true);
      for (const [sources] of copies(dockerfile)) {
        for (const source of sources) {
          if (/^dist\/voxel_academy-\*\.whl$/.test(source)) {
            // Built by `npm run setup` from the labextension's Python project.
            expect(readFileSync(join(ROOT, 'labextension/pyproject.toml'), 'utf8')).toMatch(/name = "voxel_academy"/);
          } else {
            const path = source.includes('*') ? dirname(source) : source;
            expect(existsSync(join(context, path)), `${name}: COPY ${source}`).toBe(true);
          }
        }
      }
    }
  });

  it('carries every file of the course-wide Jupyter config `npm start` uses (deploy/jupyter) into the single-user image', () => {
    // e.g. jupyter_server_config.json: JupyterLab served cross-origin isolated, which the in-browser kernel's shared replies need.
    const folder = join(ROOT, 'deploy', 'jupyter');
    const files = readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(folder, join(e.parentPath, e.name)));
    expect(files).toContain('jupyter_server_config.json');
    const copied = copies(buildOf('singleuser').dockerfile).map(([sources, target]) => `${sources.join(' ')} -> ${target}`);
    for (const file of files) expect(copied, file).toContain(`deploy/jupyter/${file} -> /etc/jupyter/${file}`);
  });

  it('bind-mounts only host paths that exist', () => {
    for (const name of Object.keys(services)) {
      for (const m of mountsOf(name).filter((x) => x.type === 'bind' || x.source.startsWith('/'))) {
        if (m.source === '/var/run/docker.sock') continue;
        expect(existsSync(resolve(ROOT, m.source)), `${name}: ${m.source}`).toBe(true);
      }
    }
  });

  it('gives the course server every hub variable it needs, with values it accepts', () => {
    const configText = readFileSync(join(ROOT, 'server/src/config.ts'), 'utf8');
    const keys = [...configText.matchAll(/^\s*(JUPYTERHUB_[A-Z_]+):(.*)$/gm)];
    const required = keys.filter((m) => !m[2]!.includes('.default(')).map((m) => m[1]!);
    expect(required).toContain('JUPYTERHUB_API_TOKEN');
    const env = envOf('academy');
    for (const key of required) expect(Object.keys(env), key).toContain(key);
    const vars = { ACADEMY_API_TOKEN: 'a'.repeat(64) };
    const config = loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, vars)])));
    const health = JSON.stringify(service('academy').healthcheck?.test ?? '');
    expect(health).toContain(`:${config.listenPort}${config.servicePrefix}api/health`);
  });

  it('points the hub at the academy service with the same, required API token', () => {
    const hub = envOf('hub');
    const url = new URL(hub.VOXEL_ACADEMY_URL ?? '');
    expect(services).toHaveProperty(url.hostname);
    expect(url.port).toBe(new URL(envOf(url.hostname).JUPYTERHUB_SERVICE_URL ?? '').port);
    expect(hub.VOXEL_ACADEMY_API_TOKEN).toMatch(/^\$\{ACADEMY_API_TOKEN:\?[^}]+\}$/);
    expect(envOf('academy').JUPYTERHUB_API_TOKEN).toBe(hub.VOXEL_ACADEMY_API_TOKEN);
  });

  it('spawns learners on the declared network with the extra config the hub image carries', () => {
    const hub = envOf('hub');
    const names = Object.entries(compose.networks ?? {}).map(([key, n]) => n?.name ?? key);
    expect(names).toContain(hub.VOXEL_DOCKER_NETWORK);
    const destinations = copies(buildOf('hub').dockerfile).map(([, dest]) => dest);
    expect(destinations).toContain(hub.VOXEL_HUB_EXTRA_CONFIG);
  });
});

describe('docker-compose.yml: the postgres profile', () => {
  const password = 'a1b2c3'.repeat(8); // hex, as the documented `openssl rand -hex 24`
  const academyEnv = (vars: Record<string, string>) =>
    Object.fromEntries(Object.entries(envOf('academy')).map(([k, v]) => [k, interpolate(v, { ACADEMY_API_TOKEN: 'a'.repeat(64), ...vars })]));

  it('runs PostgreSQL only with the profile, on a declared volume, with a health check, at a pinned version', () => {
    const pg = service('postgres');
    expect(pg.profiles).toEqual(['postgres']);
    expect(pg.image).toMatch(/^postgres:(?!latest$)[\w.-]+$/);
    const data = mountsOf('postgres').find((m) => m.target === '/var/lib/postgresql/data');
    expect(data?.type).toBe('volume');
    expect(Object.keys(compose.volumes ?? {})).toContain(data?.source);
    const env = envOf('postgres');
    expect(JSON.stringify(pg.healthcheck?.test)).toMatch(new RegExp(`pg_isready.*--username=${env.POSTGRES_USER}.*--dbname=${env.POSTGRES_DB}`));
    // `:?` would make every compose command demand the password, profile on or off.
    expect(env.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD:-}');
  });

  it('starts the course server after the database is healthy, and without it when the profile is off', () => {
    const deps = service('academy').depends_on;
    expect(Array.isArray(deps)).toBe(false);
    expect((deps as Record<string, { condition?: string; required?: boolean }>).postgres).toEqual({ condition: 'service_healthy', required: false });
  });

  it('gives the course server a DATABASE_URL for that database when the password is set, none otherwise', () => {
    const url = new URL(academyEnv({ POSTGRES_PASSWORD: password }).DATABASE_URL ?? '');
    const pg = envOf('postgres');
    expect(url.protocol).toBe('postgresql:');
    expect(services).toHaveProperty(url.hostname);
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect([url.username, url.password, url.pathname]).toEqual([pg.POSTGRES_USER, password, `/${pg.POSTGRES_DB}`]);
    // The server takes it as its database; empty means its SQLite file (server/src/config.ts).
    expect(academyEnv({}).DATABASE_URL).toBe('');
    expect(loadConfig(academyEnv({ POSTGRES_PASSWORD: password })).databaseUrl).toBe(url.href);
    expect(loadConfig(academyEnv({})).databaseUrl).toBeNull();
  });

  it('interpolates as Compose does (nested and alternative values)', () => {
    expect(interpolate('${A:+x${B}y}', { A: '1', B: '2' })).toBe('x2y');
    expect(interpolate('${A:+x${B}y}', { A: '', B: '2' })).toBe('');
    expect(interpolate('${A+x}', { A: '' })).toBe('x');
    expect(interpolate('${A:-${B:-d}}', {})).toBe('d');
    expect(interpolate('p${A}q', { A: 'v' })).toBe('pvq');
  });
});
