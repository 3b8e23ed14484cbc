import { z } from 'zod';
import { ChoiceOption, LatePolicy, PublicItem, Slug } from '@voxel-academy/protocol';

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

const base = { id: Slug, prompt: z.string().min(1), weight: z.number().positive().default(1), feedback: Feedback };

export const SingleChoiceItem = z.object({
  ...base,
  kind: z.literal('single-choice'),
  options: z.array(ChoiceOption).min(2),
  key: z.object({ correct: z.string().min(1) })
});
export const MultipleChoiceItem = z.object({
  ...base,
  kind: z.literal('multiple-choice'),
  options: z.array(ChoiceOption).min(2),
  key: z.object({ correct: z.array(z.string().min(1)).min(1) })
});
export const NumericItem = z.object({
  ...base,
  kind: z.literal('numeric'),
  /** The unit answers are expected in; answers in a convertible unit are converted. */
  unit: z.string().optional(),
  key: z
    .object({
      value: z.number().finite(),
      absTolerance: z.number().nonnegative().optional(),
      relTolerance: z.number().nonnegative().optional()
    })
    .refine((k) => k.absTolerance !== undefined || k.relTolerance !== undefined, 'give absTolerance or relTolerance')
});
export const ShortTextItem = z.object({
  ...base,
  kind: z.literal('short-text'),
  key: z
    .object({
      /** Accepted answers, compared case-, accent- and whitespace-insensitively. */
      accept: z.array(z.string().min(1)).default([]),
      /** Or a regular expression (JavaScript syntax, matched against the normalised answer). */
      pattern: z.string().optional()
    })
    .refine((k) => k.accept.length > 0 || k.pattern !== undefined, 'give accept or pattern')
});
export const SegmentationItem = z.object({
  ...base,
  kind: z.literal('segmentation'),
  label: z.number().int().positive().default(1),
  key: z.object({
    reference: ImageReference,
    /** Label of the structure in the reference image (defaults to the item's label). */
    referenceLabel: z.number().int().positive().optional(),
    dice: Ramp.default({ full: 0.9, zero: 0.5 }),
    /** Optional surface-distance criterion on HD95 in mm (lower is better). */
    hd95Mm: Ramp.optional()
  })
});
export const IntensityImageItem = z.object({
  ...base,
  kind: z.literal('intensity-image'),
  key: z.object({
    reference: ImageReference,
    /** Mean absolute difference, in the image's intensity units (lower is better). */
    meanAbsDiff: Ramp,
    /** Optional PSNR criterion in dB (higher is better). */
    psnrDb: Ramp.optional()
  })
});
export const LandmarkItem = z.object({
  ...base,
  kind: z.literal('landmark'),
  key: z.object({
    point: z.tuple([z.number(), z.number(), z.number()]),
    /** Distance in mm for full and for zero credit. */
    distanceMm: Ramp
  })
});
export const TransformItem = z.object({
  ...base,
  kind: z.literal('transform'),
  parameters: z.array(z.string().min(1)).min(1),
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
export type ContentItemOf<K extends ContentItem['kind']> = Extract<ContentItem, { kind: K }>;

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
