import type { z } from 'zod';
import type { AnswerValue, ItemKind, PUBLIC_ITEMS, PublicItemOf } from './assessment.js';

/**
 * The item-kind contract: which answer shape each kind of item takes. The server's graders,
 * its content schemas, the kernel's `course.answer`, the extension's inputs and the curriculum
 * harness all derive from this table, so a kind added here (with its `PUBLIC_ITEMS` entry) is
 * a compile error everywhere it is not handled yet, and a kind handled anywhere but missing
 * here is one too (test/contract-kinds.test.ts proves both).
 */

export type AnswerType = AnswerValue['type'];
export type AnswerOf<T extends AnswerType> = Extract<AnswerValue, { type: T }>;

export const ANSWER_TYPE_OF = {
  'single-choice': 'choice',
  'multiple-choice': 'choice',
  numeric: 'number',
  'short-text': 'text',
  segmentation: 'image',
  'intensity-image': 'image',
  landmark: 'point',
  transform: 'vector'
} as const satisfies { [K in ItemKind]: AnswerType };

/** The answer type an item of kind K takes. */
export type AnswerTypeOf<K extends ItemKind> = (typeof ANSWER_TYPE_OF)[K];
/** The answer value an item of kind K takes. */
export type AnswerFor<K extends ItemKind> = AnswerOf<AnswerTypeOf<K>>;

/** Every item kind, in the order authors meet them. */
export const ITEM_KINDS = Object.keys(ANSWER_TYPE_OF) as ItemKind[];

/** Kinds answered with an uploaded image: graded off the event loop, uploaded on Submit. */
export type ImageItemKind = { [K in ItemKind]: AnswerTypeOf<K> extends 'image' ? K : never }[ItemKind];
export const IMAGE_ITEM_KINDS = ITEM_KINDS.filter((k): k is ImageItemKind => ANSWER_TYPE_OF[k] === 'image');

export function isImageKind(kind: ItemKind): kind is ImageItemKind {
  return ANSWER_TYPE_OF[kind] === 'image';
}

/** The answer if it has the shape the item's kind takes (a stale or hand-made submission can hold anything). */
export function answerMatches<K extends ItemKind>(kind: K, answer: AnswerValue): answer is AnswerFor<K> {
  return answer.type === ANSWER_TYPE_OF[kind];
}

/**
 * Compile-time checks that `PUBLIC_ITEMS` is keyed by exactly the kinds of `PublicItem`, each
 * entry describing its own kind. They cost nothing at run time.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const publicItemsCoverEveryKind: Same<keyof typeof PUBLIC_ITEMS, ItemKind> = true;
type EveryEntryOwnKind = { [K in ItemKind]: Same<z.infer<(typeof PUBLIC_ITEMS)[K]>, PublicItemOf<K>> }[ItemKind];
const publicItemsMatchTheirKey: EveryEntryOwnKind = true;
void publicItemsCoverEveryKind;
void publicItemsMatchTheirKey;
