import { createHmac } from 'node:crypto';
import type { VariantValue } from '@voxel-academy/protocol';
import { evaluateValue } from './expression.js';
import type { ParameterSpec, VariantSpec } from './spec.js';

/**
 * Deterministic draws from the server's variant secret. Nothing here is random at run time:
 * the same secret, course, assessment and learner always give the same variant, so nothing
 * needs storing, any server instance with the secret agrees, and keys can be recomputed.
 *
 *   index(learner) = HMAC(secret, course, assessment, learner, group) mod pool
 *     group = 0 (per-learner policy) or the attempt number (per-attempt policy)
 *   value(parameter, index) = low + (π(index) + jitter) / pool × (high − low)
 *     π = a secret permutation of 0 … pool − 1 per parameter (a Latin hypercube), jitter in
 *     [¼, ¾]: two different variants are at least half a stratum apart in every parameter.
 */

export interface IVariantId {
  course: string;
  assessment: string;
}

function hmac(secret: Buffer, ...parts: (string | number)[]): Buffer {
  return createHmac('sha256', secret).update(parts.map(String).join('\u0000')).digest();
}

/** A uniform number in [0, 1) from 48 bits of a digest. */
function unit(digest: Buffer, offset = 0): number {
  return digest.readUIntBE(offset, 6) / 2 ** 48;
}

/** Which of the pool's variants a learner gets for an attempt group. */
export function variantIndex(secret: Buffer, id: IVariantId, user: string, group: number, pool: number): number {
  return Math.floor(unit(hmac(secret, 'index', id.course, id.assessment, user, group)) * pool);
}

/** The short public name of a variant: it identifies the data, and says nothing about its parameters. */
export function variantTag(secret: Buffer, id: IVariantId, index: number): string {
  return `v-${hmac(secret, 'tag', id.course, id.assessment, index).toString('hex').slice(0, 6)}`;
}

/** A secret permutation of 0 … n − 1 (Fisher–Yates driven by HMAC counters). */
function permutation(secret: Buffer, id: IVariantId, parameter: string, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(unit(hmac(secret, 'perm', id.course, id.assessment, parameter, i)) * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

const permutations = new Map<string, number[]>();

function stratum(secret: Buffer, id: IVariantId, parameter: string, pool: number, index: number): number {
  const key = `${secret.toString('hex')}\u0000${id.course}\u0000${id.assessment}\u0000${parameter}\u0000${pool}`;
  let order = permutations.get(key);
  if (!order) {
    order = permutation(secret, id, parameter, pool);
    if (permutations.size > 1000) permutations.clear();
    permutations.set(key, order);
  }
  return order[index] as number;
}

function drawOne(secret: Buffer, id: IVariantId, name: string, spec: Exclude<ParameterSpec, { value: string }>, pool: number, index: number): VariantValue {
  const s = stratum(secret, id, name, pool, index);
  const digest = hmac(secret, 'jitter', id.course, id.assessment, name, index);
  if ('choice' in spec) return spec.choice[s % spec.choice.length] as VariantValue;
  if ('integer' in spec) {
    const [low, high] = spec.integer;
    const span = high - low + 1;
    // Stratum s owns the integers [⌊s·span/pool⌋, ⌊(s+1)·span/pool⌋): with span ≥ pool every
    // stratum owns at least one, so different variants always get different integers.
    const first = Math.floor((s * span) / pool);
    const count = Math.max(1, Math.floor(((s + 1) * span) / pool) - first);
    return low + Math.min(span - 1, first + Math.floor(unit(digest) * count));
  }
  const [low, high] = spec.uniform;
  const magnitude = low + ((s + 0.25 + 0.5 * unit(digest)) / pool) * (high - low);
  const sign = spec.sign === 'random' && (digest[7] as number) % 2 === 1 ? -1 : 1;
  const factor = 10 ** spec.decimals;
  return (sign * Math.round(magnitude * factor)) / factor;
}

/** Every parameter of variant `index`, in declaration order. */
export function drawParameters(secret: Buffer, id: IVariantId, spec: VariantSpec, index: number): Record<string, VariantValue> {
  const values: Record<string, VariantValue> = {};
  for (const [name, p] of Object.entries(spec.parameters)) {
    values[name] = 'value' in p ? evaluateValue(p.value, values) : drawOne(secret, id, name, p, spec.pool, index);
  }
  return values;
}

/** The public parameters only: what a learner may see. */
export function publicParameters(spec: VariantSpec, values: Record<string, VariantValue>): Record<string, VariantValue> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => spec.parameters[name]?.public === true));
}

/** The seed of a variant's random steps (noise): 32 bits, reproducible. */
export function variantSeed(secret: Buffer, id: IVariantId, index: number, dataset: string): number {
  return hmac(secret, 'seed', id.course, id.assessment, index, dataset).readUInt32BE(0);
}
