import type { VariantValue } from '@voxel-academy/protocol';
import { FROM_SOLUTION, type AuthoredItem, type ContentItem, type ImageReference } from '../assessments/content-schema.js';
import { convertUnit } from '../grading/units.js';
import { evaluateValue } from './expression.js';

/**
 * Turns an authored item into the plain item graders take: expression keys evaluated with the
 * variant's parameters, `from-solution` keys taken from what the reference solution recorded
 * on the same variant. Graders stay pure functions of (item, answer, context).
 */
export interface IKeySources {
  parameters: Readonly<Record<string, VariantValue>>;
  /** What the reference solution recorded, by item id (only needed for `from-solution` keys). */
  solution?: Readonly<Record<string, unknown>> | undefined;
}

export class KeyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyUnavailableError';
  }
}

/** True when the item's key is computed from the variant or from the reference solution. */
export function hasComputedKey(item: AuthoredItem): boolean {
  switch (item.kind) {
    case 'numeric':
      return typeof item.key.value === 'string';
    case 'transform':
      return typeof item.key.values === 'string' || item.key.values.some((v) => typeof v === 'string');
    case 'landmark':
      return typeof item.key.point === 'string' || item.key.point.some((v) => typeof v === 'string');
    default:
      return false;
  }
}

/** True when the key comes from running the reference solution. */
export function needsSolution(item: AuthoredItem): boolean {
  switch (item.kind) {
    case 'segmentation':
    case 'intensity-image':
      return item.key.reference === FROM_SOLUTION;
    case 'numeric':
      return item.key.value === FROM_SOLUTION;
    case 'transform':
      return item.key.values === FROM_SOLUTION;
    case 'landmark':
      return item.key.point === FROM_SOLUTION;
    default:
      return false;
  }
}

/** The hidden reference an image item is graded against (made by a notebook), if any. */
export function hiddenReferenceOf(item: AuthoredItem): string | null {
  if (item.kind !== 'segmentation' && item.kind !== 'intensity-image') return null;
  return hiddenIdOf(item.key.reference);
}

/** True when the item's image reference is the one the reference solution records. */
export function solutionImageOf(item: AuthoredItem): boolean {
  return (item.kind === 'segmentation' || item.kind === 'intensity-image') && item.key.reference === FROM_SOLUTION;
}

export function hiddenIdOf(reference: ImageReference): string | null {
  return typeof reference === 'object' && 'hidden' in reference ? reference.hidden : null;
}

export function resolveItem(item: AuthoredItem, sources: IKeySources): ContentItem {
  const number = (v: number | string): number => (typeof v === 'number' ? v : evaluateValue(v, sources.parameters));
  switch (item.kind) {
    case 'numeric': {
      const value = item.key.value === FROM_SOLUTION ? solutionNumber(item.id, item.unit, sources) : number(item.key.value);
      return { ...item, key: { ...item.key, value } };
    }
    case 'transform': {
      const values = item.key.values === FROM_SOLUTION ? solutionVector(item.id, sources, 'vector') : item.key.values.map(number);
      return { ...item, key: { ...item.key, values } };
    }
    case 'landmark': {
      const p = item.key.point === FROM_SOLUTION ? solutionVector(item.id, sources, 'point') : item.key.point.map(number);
      if (p.length !== 3) throw new KeyUnavailableError(`landmark ${item.id}: the key point has ${p.length} coordinates`);
      return { ...item, key: { ...item.key, point: [p[0] as number, p[1] as number, p[2] as number] } };
    }
    default:
      return item;
  }
}

function recorded(itemId: string, sources: IKeySources): Record<string, unknown> {
  const answer = sources.solution?.[itemId];
  if (answer === undefined || answer === null || typeof answer !== 'object') {
    throw new KeyUnavailableError(`the reference solution recorded no answer for "${itemId}" on this variant`);
  }
  return answer as Record<string, unknown>;
}

function solutionNumber(itemId: string, unit: string | undefined, sources: IKeySources): number {
  const a = recorded(itemId, sources);
  if (a['type'] !== 'number' || typeof a['value'] !== 'number') throw new KeyUnavailableError(`the reference solution recorded a ${String(a['type'])} for numeric item "${itemId}"`);
  const given = typeof a['unit'] === 'string' ? a['unit'] : undefined;
  if (unit === undefined || given === undefined || given.trim() === '') return a['value'];
  const converted = convertUnit(a['value'], given, unit);
  if (!converted.ok) throw new KeyUnavailableError(`item "${itemId}": ${converted.reason}`);
  return converted.value;
}

function solutionVector(itemId: string, sources: IKeySources, type: 'vector' | 'point'): number[] {
  const a = recorded(itemId, sources);
  const values = type === 'vector' ? a['values'] : a['point'];
  if (a['type'] !== type || !Array.isArray(values) || !values.every((v) => typeof v === 'number')) {
    throw new KeyUnavailableError(`the reference solution recorded a ${String(a['type'])} for ${type} item "${itemId}"`);
  }
  return values as number[];
}
