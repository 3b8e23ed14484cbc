import { z } from 'zod';
import { Slug, VariantPolicy } from '@voxel-academy/protocol';

/**
 * The `variant:` block of an assessment file: parameters drawn per learner, and the teaching
 * datasets derived from the real data with them. Example (the registration lesson):
 *
 *   variant:
 *     pool: 32
 *     parameters:
 *       angle: { uniform: [5, 15], sign: random, decimals: 2, unit: deg }
 *       threshold: { integer: [200, 300], public: true, unit: HU }
 *     datasets:
 *       brain-pd-rotated:
 *         from: brain-pd-slice
 *         steps: [{ rigid: { angleDeg: $angle, translateMm: [$tx, $ty] } }]
 *
 * Numbers anywhere in the block may be expressions over the parameters ('110 + $tx').
 */

export const ParameterName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'parameter names are lower-case letters, digits and _ (e.g. angle, shift_x)');

/** A number or an expression string over `$parameters`. */
export const NumberOrExpression = z.union([z.number().finite(), z.string().min(1)]);
export type NumberOrExpression = z.infer<typeof NumberOrExpression>;

const common = {
  /** Public parameters are shown to the learner (prompts, `course.variant()`); others never are. */
  public: z.boolean().default(false),
  unit: z.string().min(1).optional()
};

const Uniform = z
  .object({
    uniform: z.tuple([z.number().finite(), z.number().finite()]),
    /** `random`: each variant also draws the sign, so the magnitude range stays away from 0. */
    sign: z.enum(['positive', 'random']).default('positive'),
    decimals: z.number().int().min(0).max(6).default(3),
    ...common
  })
  .strict()
  .refine((p) => p.uniform[0] < p.uniform[1], 'uniform: [low, high] needs low < high');

const Integer = z
  .object({ integer: z.tuple([z.number().int(), z.number().int()]), ...common })
  .strict()
  .refine((p) => p.integer[0] <= p.integer[1], 'integer: [low, high] needs low ≤ high');

const Choice = z.object({ choice: z.array(z.union([z.number(), z.string()])).min(2), ...common }).strict();

/** Computed from parameters declared before it (e.g. two settings taken from one drawn integer). */
const Derived = z.object({ value: z.string().min(1), ...common }).strict();

export const ParameterSpec = z.union([Uniform, Integer, Choice, Derived]);
export type ParameterSpec = z.infer<typeof ParameterSpec>;

const Vector = z.array(NumberOrExpression);

/** Rotation (about the z axis for 3D images) and translation, resampled onto the same grid. */
const RigidStep = z
  .object({
    rigid: z
      .object({
        angleDeg: NumberOrExpression.default(0),
        translateMm: Vector.min(2).max(3),
        /** Centre of rotation in mm; the centre of the image when absent. */
        centreMm: Vector.min(2).max(3).optional(),
        interpolation: z.enum(['linear', 'nearest']).default('linear')
      })
      .strict()
  })
  .strict();
/** A sub-volume by voxel index (from, size), keeping the physical position of every voxel. */
const CropStep = z.object({ crop: z.object({ from: Vector.length(3), size: Vector.length(3) }).strict() }).strict();
/** Gaussian noise of standard deviation `sigma` (image units), seeded by the variant. */
const NoiseStep = z.object({ noise: z.object({ sigma: NumberOrExpression }).strict() }).strict();
/** value × scale + offset, rounded and clamped to the pixel type. */
const IntensityStep = z.object({ intensity: z.object({ scale: NumberOrExpression.default(1), offset: NumberOrExpression.default(0) }).strict() }).strict();

export const DerivationStep = z.union([RigidStep, CropStep, NoiseStep, IntensityStep]);
export type DerivationStep = z.infer<typeof DerivationStep>;

export const DatasetDerivation = z
  .object({
    /** The declared teaching dataset the variant is made from (the real data). */
    from: Slug,
    steps: z.array(DerivationStep).min(1)
  })
  .strict();
export type DatasetDerivation = z.infer<typeof DatasetDerivation>;

export const VariantSpec = z
  .object({
    /** per-learner: the same variant on every attempt; per-attempt: a fresh one for each attempt. */
    policy: VariantPolicy.default('per-learner'),
    /**
     * Number of distinct variants. Each parameter's range is cut into `pool` strata and every
     * variant gets its own stratum (a secret Latin hypercube), so two different variants differ
     * in every parameter by at least half a stratum. Two learners share a variant with
     * probability 1 / pool.
     */
    pool: z.number().int().min(2).max(4096).default(32),
    parameters: z
      .record(z.string(), ParameterSpec)
      .superRefine((p, ctx) => {
        if (Object.keys(p).length === 0) ctx.addIssue({ code: 'custom', message: 'declare at least one parameter' });
        for (const name of Object.keys(p)) {
          const checked = ParameterName.safeParse(name);
          if (!checked.success) ctx.addIssue({ code: 'custom', path: [name], message: `"${name}": ${checked.error.issues[0]?.message ?? 'invalid name'}` });
        }
      }),
    /** Dataset id the lesson loads → how this assessment's variant of it is made. */
    datasets: z.record(Slug, DatasetDerivation).default({})
  })
  .strict();
export type VariantSpec = z.infer<typeof VariantSpec>;

/** Fields of steps that name choices rather than numbers (not expressions). */
const NON_NUMERIC_STEP_FIELDS = new Set(['interpolation']);

/** Every expression string a variant block holds, with where it is (for content checks). */
export function* expressionsOf(spec: VariantSpec): Generator<{ path: string; text: string }> {
  for (const [name, p] of Object.entries(spec.parameters)) if ('value' in p) yield { path: `parameters.${name}.value`, text: p.value };
  for (const [id, d] of Object.entries(spec.datasets)) {
    for (const [s, step] of d.steps.entries()) {
      for (const [path, value] of flatten(step, `datasets.${id}.steps[${s}]`)) {
        if (typeof value === 'string' && !NON_NUMERIC_STEP_FIELDS.has(path.slice(path.lastIndexOf('.') + 1))) yield { path, text: value };
      }
    }
  }
}

function* flatten(value: unknown, path: string): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* flatten(v, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* flatten(v, `${path}.${k}`);
  else yield [path, value];
}

