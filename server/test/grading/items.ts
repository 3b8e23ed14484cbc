import { ContentItem, type ContentItemOf } from '../../src/assessments/content-schema.js';

/** Parses an authored item through the real content schema, so defaults match production. */
export function item<K extends ContentItem['kind']>(kind: K, fields: Record<string, unknown>): ContentItemOf<K> {
  return ContentItem.parse({ id: `q-${kind}`, prompt: 'Answer this.', kind, ...fields }) as ContentItemOf<K>;
}
