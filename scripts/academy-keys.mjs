// The course server's signing keys and secrets for a deployment with several replicas, and the
// Kubernetes Secret that carries them (README "Deploying").
//
// On one machine the server makes these files in its data directory on first start. Replicas
// must all use the same ones, so they are made once, here, with the server's own code, kept in
// a folder the course team backs up, and mounted into every replica from the Secret:
//
//   read -rs DATABASE_URL && export DATABASE_URL      # postgresql://user:password@host:5432/db
//   node scripts/academy-keys.mjs --public-url https://academy.example.org --keys ./academy-keys \
//     | kubectl --namespace voxel apply -f -
//
// Files already in the folder are kept (the same keys on every run). --rotate adds new signing
// keys; the earlier ones stay, so certificates issued before keep verifying.
import { Buffer } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib.mjs';

/** File names inside <data dir>/keys/ (server/src/server.ts), also the Secret's keys. */
const KEY_FILES = ['issuer-keys.json', 'server-secret', 'variant-secret'];

function fail(message) {
  process.stderr.write(`academy-keys: ${message}\n`);
  process.exit(2);
}

async function serverModule(path) {
  const file = join(ROOT, 'server', 'dist', path);
  if (!existsSync(file)) fail(`${file} is missing: run \`npm run setup\` (it builds the server) first`);
  return import(file);
}

async function main() {
  const { values } = parseArgs({
    options: {
      'public-url': { type: 'string' },
      'service-name': { type: 'string', default: 'academy' },
      keys: { type: 'string', default: 'academy-keys' },
      'secret-name': { type: 'string', default: 'academy' },
      rotate: { type: 'boolean', default: false }
    }
  });
  const publicUrl = values['public-url'];
  if (!publicUrl || !/^https?:\/\/[^/\s]+\/?$/.test(publicUrl)) {
    fail('--public-url must be the address learners use, e.g. https://academy.example.org (ACADEMY_PUBLIC_URL in the Deployment)');
  }
  const databaseUrl = process.env.DATABASE_URL ?? '';
  if (!/^postgres(?:ql)?:\/\/\S+$/.test(databaseUrl)) {
    fail('set DATABASE_URL to the postgresql:// URL every replica uses (read -rs DATABASE_URL && export DATABASE_URL)');
  }
  const { loadOrCreateKeys, rotateKeys } = await serverModule('certificates/keys.js');
  const { loadOrCreateSecret } = await serverModule('data-dir.js');
  const { loadOrCreateVariantSecret } = await serverModule('variants/secret.js');

  const dir = resolve(values.keys);
  // The issuer id the server derives from ACADEMY_PUBLIC_URL and its prefix (server/src/server.ts);
  // keys made for another id would be rotated at boot, which a read-only Secret mount refuses.
  const issuerId = `${publicUrl.replace(/\/+$/, '')}/services/${values['service-name']}/issuer`;
  const issuerFile = join(dir, 'issuer-keys.json');
  const keys = await loadOrCreateKeys(issuerFile, issuerId);
  if (values.rotate) await rotateKeys(issuerFile, keys);
  loadOrCreateSecret(join(dir, 'server-secret'));
  loadOrCreateVariantSecret(join(dir, 'variant-secret'));

  const data = { DATABASE_URL: Buffer.from(databaseUrl).toString('base64') };
  for (const name of KEY_FILES) data[name] = readFileSync(join(dir, name)).toString('base64');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: values['secret-name'], labels: { 'app.kubernetes.io/name': 'voxel-academy', 'app.kubernetes.io/component': 'course-server' } },
    type: 'Opaque',
    data
  };
  process.stdout.write(`${JSON.stringify(secret, null, 2)}\n`);
  process.stderr.write(
    `academy-keys: keys for ${issuerId} are in ${dir} (back this folder up; keep it private).\n` +
      `After applying the Secret, restart the replicas: kubectl rollout restart deployment/academy\n`
  );
}

await main();
