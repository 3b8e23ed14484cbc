import { z } from 'zod';
import {
  ChoiceFeedback,
  isImageKind,
  LatePolicy,
  PUBLIC_ITEMS,
  PublicItem,
  RevealPolicy,
  Slug,
  type ImageItemKind,
  type ItemKind,
  type VariantValue
} from '@voxel-academy/protocol';
import { NumberOrExpression, VariantSpec } from '../variants/spec.js';

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
 * Or a hidden reference made by a notebook (`{ hidden: head-ct-bone-clean }` runs
 * `assessments/<course>/references/head-ct-bone-clean.ipynb` on the Node kernel, on the
 * learner's variant of the data, and takes the image it records as `reference`). The notebook
 * documents how the reference was made; neither it nor its output is ever served.
 */
const ReferenceHidden = z.object({ hidden: Slug }).strict();

/**
 * A teaching dataset: accepted by the schema only so the content check can refuse it with a
 * clear message — every learner can download a dataset, so grading against one rewards
 * uploading it unchanged (issue 10).
 */
const ReferenceDataset = z.object({ dataset: Slug }).strict();

/** A key computed by running the lesson's reference solution on the learner's variant. */
export const FROM_SOLUTION = 'from-solution';
const FromSolution = z.literal(FROM_SOLUTION);

/**
 * `from-solution`: the image the reference solution records for this item on the learner's
 * variant (e.g. "the mask your segmentBrain should return" is the one the reference
 * implementation returns on the same data).
 */
export const ImageReference = z.union([FromSolution, ReferencePath, ReferenceHidden, ReferenceDataset]);
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

/**
 * A practical project: graded by people with the rubric of its public part. Its key holds
 * what only graders see: whether names are hidden while grading, and notes on what a good
 * project finds (expected figures, common mistakes).
 */
export const ProjectItem = PUBLIC_ITEMS.project.extend({
  ...authored,
  key: z
    .object({
      anonymous: z.boolean().default(false),
      graderNotes: z.string().max(8000).optional()
    })
    .default({ anonymous: false })
});

/**
 * The same three kinds as authors may write them: a key number may be an expression over the
 * variant's parameters ('$angle', '110 + $tx') or `from-solution`. Resolving a variant turns
 * them into the plain items above, which is all graders ever see.
 */
const numericKey = {
  absTolerance: z.number().nonnegative().optional(),
  relTolerance: z.number().nonnegative().optional()
};
export const AuthoredNumericItem = NumericItem.extend({
  key: z
    .object({ value: z.union([z.number().finite(), FromSolution, z.string().min(1)]), ...numericKey })
    .refine((k) => k.absTolerance !== undefined || k.relTolerance !== undefined, 'give absTolerance or relTolerance')
});
export const AuthoredTransformItem = TransformItem.extend({
  key: z.object({ values: z.union([FromSolution, z.array(NumberOrExpression).min(1)]), tolerances: z.array(z.number().positive()).min(1) })
});
export const AuthoredLandmarkItem = LandmarkItem.extend({
  key: z.object({ point: z.union([FromSolution, z.tuple([NumberOrExpression, NumberOrExpression, NumberOrExpression])]), distanceMm: Ramp })
});

export const ContentItem = z.discriminatedUnion('kind', [
  SingleChoiceItem,
  MultipleChoiceItem,
  NumericItem,
  ShortTextItem,
  SegmentationItem,
  IntensityImageItem,
  LandmarkItem,
  TransformItem,
  ProjectItem
]);
export type ContentItem = z.infer<typeof ContentItem>;
export type ContentItemOf<K extends ItemKind> = Extract<ContentItem, { kind: K }>;

/** The kinds whose key numbers authors may write as expressions or `from-solution`. */
const AUTHORED_KEYS = { numeric: AuthoredNumericItem, landmark: AuthoredLandmarkItem, transform: AuthoredTransformItem } as const;
type KindOf<T> = T extends z.ZodObject<infer S> ? (S extends { kind: z.ZodLiteral<infer K> } ? K : never) : never;
type AsAuthored<T> = KindOf<T> extends keyof typeof AUTHORED_KEYS ? (typeof AUTHORED_KEYS)[KindOf<T>] : T;
type EachAuthored<T extends readonly unknown[]> = { [I in keyof T]: AsAuthored<T[I]> };
type AuthoredOptions = EachAuthored<typeof ContentItem.options>;

/**
 * Items as authors write them: the kinds of ContentItem, in its order (so a kind added there is
 * one here too, and every check of authored items must handle it), with the authored keys above
 * in place of the plain ones.
 */
export const AuthoredItem = z.discriminatedUnion(
  'kind',
  ContentItem.options.map((o) => (AUTHORED_KEYS as Record<string, z.ZodObject>)[o.shape.kind.value] ?? o) as unknown as AuthoredOptions
);
export type AuthoredItem = z.infer<typeof AuthoredItem>;

/**
 * Authored items cover exactly the protocol's kinds: a kind added to the contract without its
 * content schema here (or the reverse) fails to compile on this line.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contentKindsAreTheContractKinds: Same<ContentItem['kind'], ItemKind> = true;
void contentKindsAreTheContractKinds;

/** The project item of an assessment (at most one: the content check refuses a second). */
export function projectItemOf(items: readonly (ContentItem | AuthoredItem)[]): ContentItemOf<'project'> | undefined {
  // A project item has no authored key form: loaded and resolved, it is the same item.
  return items.find((i): i is ContentItemOf<'project'> => i.kind === 'project');
}

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
  /**
   * What a wrong answer reveals. Default: the author's explanation (which teaches without the
   * key) on every attempt, the accepted answer only once the attempts are used up; choice
   * items say right or wrong, not which option.
   */
  feedbackPolicy: z
    .object({ reveal: RevealPolicy.default('after-last-attempt'), choices: ChoiceFeedback.default('right-wrong') })
    .strict()
    .default({ reveal: 'after-last-attempt', choices: 'right-wrong' }),
  /** Per-learner variants: parameters, and the datasets derived with them. */
  variant: VariantSpec.optional(),
  items: z.array(AuthoredItem).min(1)
});
export type ContentAssessment = z.infer<typeof ContentAssessment>;

/** `{name}` in a prompt or option text: a public parameter of the learner's variant. */
export const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/**
 * The public view: every field the schema of PublicItem knows, nothing else (keys, feedback),
 * with `{parameter}` placeholders filled in with the learner's public parameters.
 */
export function publicItem(item: AuthoredItem, parameters: Readonly<Record<string, VariantValue>> = {}): PublicItem {
  const fill = (text: string): string => text.replace(PLACEHOLDER, (whole, name: string) => (name in parameters ? String(parameters[name]) : whole));
  const shown = PublicItem.parse(item);
  return {
    ...shown,
    prompt: fill(shown.prompt),
    ...('options' in shown ? { options: shown.options.map((o) => ({ ...o, text: fill(o.text) })) } : {})
  } as PublicItem;
}
