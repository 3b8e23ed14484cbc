import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiPath } from '../protocol/src/routes.js';
import { loadConfig } from '../server/src/config.js';
import { loadOrCreateKeys } from '../server/src/certificates/keys.js';
import { loadOrCreateSecret } from '../server/src/data-dir.js';
import { loadOrCreateVariantSecret } from '../server/src/variants/secret.js';
import {
  KIND_SCHEMAS, academyManifests, at, chartDefaults, errorsOf, helmMerge, kubernetesValidators, readValues, valuesValidator,
  type IManifest, type Json, type JsonObject
} from './support/deploy-schemas.js';

/**
 * deploy/z2jh: the chart values and the course-server manifests are valid for the schemas they
 * are written for (kept in deploy/z2jh/schemas), and agree with what the server expects — the
 * part no schema can say. A real cluster is not available here (README "Deploying").
 */
const ROOT = resolve(import.meta.dirname, '..');

interface IEnv { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }
interface IProbe { httpGet?: { path?: string; port?: number | string } }
interface IContainer {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number }[];
  env?: IEnv[];
  startupProbe?: IProbe;
  readinessProbe?: IProbe;
  livenessProbe?: IProbe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface IVolume { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] }; persistentVolumeClaim?: { claimName: string } }
interface IDeployment {
  metadata: { name: string };
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: { containers: IContainer[]; initContainers?: IContainer[]; volumes?: IVolume[] } };
  };
}
interface IService { metadata: { name: string }; spec: { selector: Record<string, string>; ports: { port: number; targetPort?: number | string }[] } }
interface ISelecting { spec: { selector?: { matchLabels?: Record<string, string> }; podSelector?: { matchLabels?: Record<string, string> }; maxUnavailable?: number | string; minAvailable?: number | string } }

const manifests = academyManifests();
const values = readValues();
const kindOf = (m: IManifest): string => `${String(m.doc['apiVersion'])} ${String(m.doc['kind'])}`;
const only = <T>(kind: string): T => {
  const found = manifests.filter((m) => kindOf(m) === kind);
  expect(found.map((m) => m.file), kind).toHaveLength(1);
  return found[0]!.doc as unknown as T;
};
const deployment = only<IDeployment>('apps/v1 Deployment');
const service = only<IService>('v1 Service');
const pod = deployment.spec.template.spec;
const server = pod.containers.find((c) => c.name === 'academy')!;
const allContainers = [...pod.containers, ...(pod.initContainers ?? [])];

/** The server's configuration from the Deployment's environment (secret values stand in). */
function serverConfig() {
  const env = Object.fromEntries((server.env ?? []).map((e) => [e.name, e.value ?? (e.name === 'DATABASE_URL' ? 'postgresql://a:b@db:5432/academy' : 'x'.repeat(64))]));
  return loadConfig(env);
}

const temp = mkdtempSync(join(tmpdir(), 'voxel-z2jh-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The Secret scripts/academy-keys.mjs makes for the Deployment's public URL (the documented command). */
function generatedSecret(): { secret: JsonObject; keysDir: string } {
  const keysDir = join(temp, 'keys');
  const run = spawnSync(process.execPath, ['scripts/academy-keys.mjs', '--public-url', serverConfig().publicUrl, '--keys', keysDir], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: 'postgresql://academy:pw@db.example.org:5432/academy' },
    encoding: 'utf8'
  });
  expect(run.status, run.stderr).toBe(0);
  return { secret: JSON.parse(run.stdout) as JsonObject, keysDir };
}

describe('deploy/z2jh against its schemas', () => {
  const kinds = kubernetesValidators();

  it('values.yaml, merged over the chart defaults as helm does, is valid for the chart 4.4.0 schema', () => {
    const validate = valuesValidator();
    expect(validate(helmMerge(chartDefaults(), values)), errorsOf(validate).join('\n')).toBe(true);
    // The schema does reject mistakes: a misspelt key and a wrong type.
    expect(validate(helmMerge(chartDefaults(), { ...values, hub: { ...(values['hub'] as JsonObject), servics: {} } }))).toBe(false);
    expect(validate(helmMerge(chartDefaults(), { singleuser: { image: { name: 'x', tag: 3 } } }))).toBe(false);
  });

  it('every manifest is valid for the Kubernetes v1.33 schema of its kind', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(5);
    for (const m of manifests) {
      const validate = kinds.get(kindOf(m));
      expect(validate, `${m.file}: no schema kept for ${kindOf(m)} (deploy/z2jh/schemas/README.md)`).toBeDefined();
      expect(validate!(m.doc), `${m.file}: ${errorsOf(validate!).join('\n')}`).toBe(true);
    }
    // Strict schemas: an unknown field or a wrong type fails.
    const validate = kinds.get('apps/v1 Deployment')!;
    expect(validate({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } })).toBe(false);
    expect(validate({ ...deployment, spec: { ...deployment.spec, replica: 2 } })).toBe(false);
  });

  it('the Secret the documented command makes is a valid Secret with every key the Deployment reads', () => {
    const { secret } = generatedSecret();
    expect(kinds.get('v1 Secret')!(secret), errorsOf(kinds.get('v1 Secret')!).join('\n')).toBe(true);
    const name = String(at(secret, 'metadata', 'name'));
    const keys = Object.keys(at(secret, 'data') as JsonObject);
    const wanted = [
      ...allContainers.flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef).filter((r) => r?.name === name).map((r) => r!.key)),
      ...(pod.volumes ?? []).filter((v) => v.secret?.secretName === name).flatMap((v) => (v.secret!.items ?? []).map((i) => i.key))
    ];
    expect(wanted).toEqual(expect.arrayContaining(['DATABASE_URL', 'issuer-keys.json', 'server-secret', 'variant-secret']));
    for (const key of wanted) expect(keys, key).toContain(key);
    expect(Buffer.from(String(at(secret, 'data', 'DATABASE_URL')), 'base64').toString()).toMatch(/^postgresql:\/\//);
    expect(KIND_SCHEMAS).toHaveProperty('v1 Secret');
  });
});

describe('deploy/z2jh agrees with the course server', () => {
  const config = serverConfig();
  const name = config.serviceName;
  const registered = at(values, 'hub', 'services', name) as JsonObject | undefined;

  it('registers the service under the name, prefix, OAuth client and redirect URI the server uses', () => {
    expect(registered, `hub.services.${name}`).toBeDefined();
    expect(config.servicePrefix).toBe(`/services/${name}/`);
    expect(at(registered, 'oauth_redirect_uri')).toBe(config.oauthCallbackUrl);
    expect(config.oauthCallbackUrl).toBe(`${config.servicePrefix}oauth_callback`);
    expect(config.clientId).toBe(at(registered, 'oauth_client_id') ?? `service-${name}`);
    // Logins carry the access scope the server demands; it reads groups for the instructor role.
    expect(config.accessScopes).toContain(`access:services!service=${name}`);
    expect(at(values, 'hub', 'loadRoles', 'user', 'scopes')).toEqual(expect.arrayContaining(config.accessScopes));
    expect(at(registered, 'oauth_client_allowed_scopes')).toContain('read:users:groups!user');
    expect(Object.keys(at(values, 'hub', 'config', 'JupyterHub', 'load_groups') as JsonObject)).toContain(config.instructorGroup);
  });

  it('routes the hub to the Service, and the Service to the port the server listens on', () => {
    const url = new URL(String(at(registered, 'url')));
    expect(url.hostname).toBe(service.metadata.name);
    const port = service.spec.ports.find((p) => p.port === Number(url.port));
    expect(port, `Service port ${url.port}`).toBeDefined();
    const container = server.ports?.find((p) => p.name === port!.targetPort || p.containerPort === port!.targetPort);
    expect(container?.containerPort).toBe(config.listenPort);
    expect(service.spec.selector).toEqual(expect.objectContaining(deployment.spec.selector.matchLabels));
  });

  it('puts every replica on the PostgreSQL database from the Secret', () => {
    expect(config.databaseUrl).toMatch(/^postgresql:\/\//);
    expect(server.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBe('academy');
  });

  it('reaches the hub where the chart puts it, with the token the chart generates for the service', () => {
    // Chart resource names are the defaults only without a fullnameOverride.
    expect(values['fullnameOverride']).toBe('');
    expect(config.hubApiUrl).toBe('http://hub:8081/hub/api');
    const token = server.env?.find((e) => e.name === 'JUPYTERHUB_API_TOKEN')?.valueFrom?.secretKeyRef;
    expect(token).toEqual({ name: 'hub', key: `hub.services.${name}.apiToken` });
    expect(deployment.spec.template.metadata.labels['hub.jupyter.org/network-access-hub']).toBe('true');
  });

  it('probes the real health route on the server port', () => {
    expect(ApiPath.health).toBe('api/health');
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
      const get = server[probe]?.httpGet;
      expect(get?.path, probe).toBe(`${config.servicePrefix}${ApiPath.health}`);
      const port = typeof get?.port === 'string' ? server.ports?.find((p) => p.name === get.port)?.containerPort : get?.port;
      expect(port, probe).toBe(config.listenPort);
    }
  });

  it('runs at least two replicas, and a disruption budget lets one go at a time', () => {
    expect(deployment.spec.replicas ?? 1).toBeGreaterThanOrEqual(2);
    const pdb = only<ISelecting>('policy/v1 PodDisruptionBudget');
    expect(pdb.spec.selector?.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    const replicas = deployment.spec.replicas ?? 1;
    const allowed = pdb.spec.maxUnavailable !== undefined ? Number(pdb.spec.maxUnavailable) : replicas - Number(pdb.spec.minAvailable);
    expect(allowed).toBeGreaterThanOrEqual(1);
    expect(allowed).toBeLessThan(replicas);
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(deployment.spec.selector.matchLabels));
    const policy = only<ISelecting>('networking.k8s.io/v1 NetworkPolicy');
    expect(policy.spec.podSelector?.matchLabels).toEqual(deployment.spec.selector.matchLabels);
  });

  it('mounts the shared data volume and the keys Secret where the server reads them', () => {
    const mounts = server.volumeMounts ?? [];
    const dataVolume = pod.volumes?.find((v) => v.name === mounts.find((m) => m.mountPath === config.dataDir)?.name);
    const claim = dataVolume?.persistentVolumeClaim?.claimName;
    expect(manifests.some((m) => kindOf(m) === 'v1 PersistentVolumeClaim' && at(m.doc, 'metadata', 'name') === claim), `PVC ${claim}`).toBe(true);
    const keysMount = mounts.find((m) => m.mountPath === join(config.dataDir, 'keys'));
    expect(keysMount?.readOnly).toBe(true);
    const items = pod.volumes?.find((v) => v.name === keysMount?.name)?.secret?.items ?? [];
    // server.ts reads each of these from <data dir>/keys/.
    const serverTs = readFileSync(join(ROOT, 'server/src/server.ts'), 'utf8');
    for (const file of ['issuer-keys.json', 'server-secret', 'variant-secret']) {
      expect(serverTs).toContain(`'keys', '${file}'`);
      expect(items.map((i) => i.path)).toContain(file);
    }
  });

  it('the generated issuer keys are made for the Deployment public URL, so the server loads them without rewriting', async () => {
    const { keysDir } = generatedSecret();
    const serverTs = readFileSync(join(ROOT, 'server/src/server.ts'), 'utf8');
    expect(serverTs).toContain('`${config.publicUrl}${config.servicePrefix}issuer`');
    const file = join(keysDir, 'issuer-keys.json');
    const before = readFileSync(file, 'utf8');
    const keys = await loadOrCreateKeys(file, `${config.publicUrl}${config.servicePrefix}issuer`);
    expect(keys.ed25519).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(before);
    // As the kubelet mounts a Secret: each file a symlink into a `..data` folder. The server reads
    // them there and writes nothing (the mount is read-only).
    const mounted = join(temp, 'mounted');
    mkdirSync(join(mounted, '..data'), { recursive: true });
    for (const name of ['issuer-keys.json', 'server-secret', 'variant-secret']) {
      copyFileSync(join(keysDir, name), join(mounted, '..data', name));
      symlinkSync(join('..data', name), join(mounted, name));
    }
    const listing = readdirSync(mounted).sort();
    expect((await loadOrCreateKeys(join(mounted, 'issuer-keys.json'), keys.issuerId)).ed25519).toEqual(keys.ed25519);
    expect(loadOrCreateSecret(join(mounted, 'server-secret'))).toEqual(readFileSync(join(keysDir, 'server-secret')));
    expect(loadOrCreateVariantSecret(join(mounted, 'variant-secret')).toString('hex')).toBe(readFileSync(join(keysDir, 'variant-secret'), 'utf8').trim());
    expect(readdirSync(mounted).sort()).toEqual(listing);
    // Another address would need new keys: the server would try to write into the read-only mount.
    writeFileSync(join(temp, 'other.json'), before);
    const other = await loadOrCreateKeys(join(temp, 'other.json'), 'https://elsewhere.example.org/services/academy/issuer');
    expect(other.ed25519).toHaveLength(2);
  });

  it('pins every image to a release tag and gives every container resource requests and limits', () => {
    const images: string[] = allContainers.map((c) => c.image ?? '');
    const single = at(values, 'singleuser', 'image') as JsonObject;
    images.push(`${String(single['name'])}:${String(single['tag'] as Json)}`);
    for (const image of images) expect(image, image).toMatch(/^[^:@\s]+(?::[^:\s]+)?:(?!latest$)[\w][\w.-]*$/);
    for (const c of allContainers) {
      for (const kind of ['requests', 'limits'] as const) expect(Object.keys(c.resources?.[kind] ?? {}), `${c.name} ${kind}`).toEqual(expect.arrayContaining(['cpu', 'memory']));
    }
  });
});
