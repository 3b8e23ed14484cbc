import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Loaders and JSON-schema validators for deploy/z2jh: the chart's published values schema and
 * the Kubernetes kinds' schemas, both kept in deploy/z2jh/schemas (see its README).
 */
export const DEPLOY = join(import.meta.dirname, '..', '..', 'deploy', 'z2jh');
const SCHEMAS = join(DEPLOY, 'schemas');
const K8S = join(SCHEMAS, 'kubernetes-v1.33.0');
const Z2JH = join(SCHEMAS, 'z2jh-4.4.0');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The schema file of each "apiVersion kind" our manifests use; another kind has none here. */
export const KIND_SCHEMAS: Record<string, string> = {
  'apps/v1 Deployment': 'deployment-apps-v1.json',
  'v1 Service': 'service-v1.json',
  'v1 Secret': 'secret-v1.json',
  'v1 PersistentVolumeClaim': 'persistentvolumeclaim-v1.json',
  'policy/v1 PodDisruptionBudget': 'poddisruptionbudget-policy-v1.json',
  'networking.k8s.io/v1 NetworkPolicy': 'networkpolicy-networking-v1.json'
};

// ajv-formats is CommonJS: its plugin is the module itself (Node) or its `default` (types).
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (ajv: Ajv | Ajv2020) => void;

function readJson(file: string): JsonObject {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

/** Validators per kind (draft 2020-12; the kinds share _definitions.json by $ref). */
export function kubernetesValidators(): Map<string, ValidateFunction> {
  // The schemas are vendored as published: not strict about their authoring, strict about data.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(readJson(join(K8S, '_definitions.json')));
  const validators = new Map<string, ValidateFunction>();
  for (const [kind, file] of Object.entries(KIND_SCHEMAS)) validators.set(kind, ajv.compile(readJson(join(K8S, file))));
  return validators;
}

/** The chart's values schema (draft-07). */
export function valuesValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(parse(readFileSync(join(Z2JH, 'values.schema.yaml'), 'utf8')) as JsonObject);
}

export function chartDefaults(): JsonObject {
  return parse(readFileSync(join(Z2JH, 'values.yaml'), 'utf8')) as JsonObject;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Helm's merge of a values file over the chart's defaults: maps merge, lists replace, null deletes. */
export function helmMerge(defaults: JsonObject, overrides: JsonObject): JsonObject {
  const merged = new Map(Object.entries(defaults));
  for (const [key, value] of Object.entries(overrides)) {
    const base = merged.get(key);
    if (value === null) merged.delete(key);
    else if (isObject(value) && isObject(base)) merged.set(key, helmMerge(base, value));
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

export function errorsOf(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

export interface IManifest {
  file: string;
  doc: JsonObject;
}

/** Every YAML document in deploy/z2jh/academy/. */
export function academyManifests(): IManifest[] {
  const dir = join(DEPLOY, 'academy');
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .flatMap((name) =>
      parseAllDocuments(readFileSync(join(dir, name), 'utf8')).map((doc) => {
        if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors.map((e) => e.message).join('; ')}`);
        return { file: name, doc: doc.toJSON() as JsonObject };
      })
    );
}

export function readValues(): JsonObject {
  return parse(readFileSync(join(DEPLOY, 'values.yaml'), 'utf8')) as JsonObject;
}

/** Follows a path of keys through nested objects; undefined where one is missing. */
export function at(value: Json | undefined, ...path: string[]): Json | undefined {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
