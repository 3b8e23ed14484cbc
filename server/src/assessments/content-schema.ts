import { z } from 'zod';
import { isImageKind, LatePolicy, PUBLIC_ITEMS, PublicItem, Slug, type ImageItemKind, type ItemKind } from '@voxel-academy/protocol';

/**
 * Assessment files as authors write them (`assessments/<course>/<id>.yaml`): the public item
 * fields plus a hidden `key` per item. Only the server reads these; `toPublic` strips keys.
 */
const Feedback = z
  .object({
    correct: z.string().optional(),
    incorrect: z.string().optional()
  })
  .default({});

/** Credit ramps linearly from `zero` (no credit) to `full` (full credit). */
export const Ramp = z.object({ full: z.number(), zero: z.number() });
export type Ramp = z.infer<typeof Ramp>;

/** A file under `assessments/` (relative to the assessment file's folder); never served. */
const ReferencePath = z
  .string()
  .regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.(nii|nii\.gz)$/, 'must be a relative .nii or .nii.gz path inside assessments/');

/**
 * Or a teaching dataset of the course (`{ dataset: head-ct-bone }`, declared in datasets.yaml,
 * fetched at setup), so a large reference mask is not kept twice. Learners can load datasets,
 * so use this only for a reference the lesson hands out anyway (e.g. to compute Dice against).
 */
const ReferenceDataset = z.object({ dataset: Slug }).strict();

export const ImageReference = z.union([ReferencePath, ReferenceDataset]);
export type ImageReference = z.infer<typeof ImageReference>;

/** What every authored item adds to its public part: feedback texts (its key differs by kind). */
const authored = { feedback: Feedback };

export const SingleChoiceItem = PUBLIC_ITEMS['single-choice'].extend({
  ...authored,
  key: z.object({ correct: z.string().min(1) })
});
export const MultipleChoiceItem = PUBLIC_ITEMS['multiple-choice'].extend({
  ...authored,
  key: z.object({ correct: z.array(z.string().min(1)).min(1) })
});
export const NumericItem = PUBLIC_ITEMS.numeric.extend({
  ...authored,
  key: z
    .object({
      value: z.number().finite(),
      absTolerance: z.number().nonnegative().optional(),
      relTolerance: z.number().nonnegative().optional()
    })
    .refine((k) => k.absTolerance !== undefined || k.relTolerance !== undefined, 'give absTolerance or relTolerance')
});
export const ShortTextItem = PUBLIC_ITEMS['short-text'].extend({
  ...authored,
  key: z
    .object({
      /** Accepted answers, compared case-, accent- and whitespace-insensitively. */
      accept: z.array(z.string().min(1)).default([]),
      /** Or a regular expression (JavaScript syntax, matched against the normalised answer). */
      pattern: z.string().optional()
    })
    .refine((k) => k.accept.length > 0 || k.pattern !== undefined, 'give accept or pattern')
});
export const SegmentationItem = PUBLIC_ITEMS.segmentation.extend({
  ...authored,
  key: z.object({
    reference: ImageReference,
    /** Label of the structure in the reference image (defaults to the item's label). */
    referenceLabel: z.number().int().positive().optional(),
    dice: Ramp.default({ full: 0.9, zero: 0.5 }),
    /** Optional surface-distance criterion on HD95 in mm (lower is better). */
    hd95Mm: Ramp.optional()
  })
});
export const IntensityImageItem = PUBLIC_ITEMS['intensity-image'].extend({
  ...authored,
  key: z.object({
    reference: ImageReference,
    /** Mean absolute difference, in the image's intensity units (lower is better). */
    meanAbsDiff: Ramp,
    /** Optional PSNR criterion in dB (higher is better). */
    psnrDb: Ramp.optional()
  })
});
export const LandmarkItem = PUBLIC_ITEMS.landmark.extend({
  ...authored,
  key: z.object({
    point: z.tuple([z.number(), z.number(), z.number()]),
    /** Distance in mm for full and for zero credit. */
    distanceMm: Ramp
  })
});
export const TransformItem = PUBLIC_ITEMS.transform.extend({
  ...authored,
  key: z.object({
    values: z.array(z.number()).min(1),
    /** Per-parameter tolerance for full credit; credit falls to zero at 3× tolerance. */
    tolerances: z.array(z.number().positive()).min(1)
  })
});

export const ContentItem = z.discriminatedUnion('kind', [
  SingleChoiceItem,
  MultipleChoiceItem,
  NumericItem,
  ShortTextItem,
  SegmentationItem,
  IntensityImageItem,
  LandmarkItem,
  TransformItem
]);
export type ContentItem = z.infer<typeof ContentItem>;
export type ContentItemOf<K extends ItemKind> = Extract<ContentItem, { kind: K }>;

/**
 * Authored items cover exactly the protocol's kinds: a kind added to the contract without its
 * content schema here (or the reverse) fails to compile on this line.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contentKindsAreTheContractKinds: Same<ContentItem['kind'], ItemKind> = true;
void contentKindsAreTheContractKinds;

/** Items answered with an image (the contract's image kinds): graded in the image worker pool. */
export function isImageItem(item: ContentItem): item is ContentItemOf<ImageItemKind> {
  return isImageKind(item.kind);
}

export const ContentAssessment = z.object({
  id: Slug,
  lesson: Slug,
  title: z.string().min(1),
  passMark: z.number().min(0).max(1),
  maxAttempts: z.number().int().positive().nullable().default(null),
  deadline: z.iso.datetime({ offset: true }).nullable().default(null),
  latePolicy: LatePolicy.default({ kind: 'reject' }),
  items: z.array(ContentItem).min(1)
});
export type ContentAssessment = z.infer<typeof ContentAssessment>;

/** The public view: every field the schema of PublicItem knows, nothing else (keys, feedback). */
export function publicItem(item: ContentItem): PublicItem {
  return PublicItem.parse(item);
}
