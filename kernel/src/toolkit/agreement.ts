// Agreement between raters measuring the same subjects: Bland–Altman (Lancet 1986) for two
// raters, intraclass correlation (McGraw & Wong 1996 forms) for two or more.

export interface BlandAltman {
  /** Number of paired measurements. */
  n: number;
  /** Mean of the differences a − b. */
  bias: number;
  /** Sample standard deviation of the differences (n − 1 in the denominator). */
  sd: number;
  /** 95 % limits of agreement, bias ∓ 1.96 sd. */
  lower: number;
  upper: number;
  /** Per pair: the mean (x axis of the plot) and the difference a − b (y axis). */
  means: number[];
  differences: number[];
}

function checkNumbers(values: readonly number[], what: string): void {
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what}: value ${i} is ${String(v)}, not a finite number`);
  });
}

/** Bland–Altman agreement of two raters' measurements of the same subjects, pair by pair. */
export function blandAltman(a: readonly number[], b: readonly number[]): BlandAltman {
  if (a.length !== b.length) throw new Error(`blandAltman: ${a.length} measurements against ${b.length}; pair each subject's two measurements`);
  if (a.length < 2) throw new Error('blandAltman: needs at least two pairs');
  checkNumbers(a, 'blandAltman (first rater)');
  checkNumbers(b, 'blandAltman (second rater)');
  const differences = a.map((v, i) => v - (b[i] as number));
  const means = a.map((v, i) => (v + (b[i] as number)) / 2);
  const n = a.length;
  const bias = differences.reduce((s, d) => s + d, 0) / n;
  const sd = Math.sqrt(differences.reduce((s, d) => s + (d - bias) ** 2, 0) / (n - 1));
  return { n, bias, sd, lower: bias - 1.96 * sd, upper: bias + 1.96 * sd, means, differences };
}

/**
 * Which intraclass correlation (McGraw & Wong's names; Shrout & Fleiss's in brackets):
 * - `'A,1'`: two-way, absolute agreement, single rater [ICC(2,1)] — are the raters
 *   interchangeable, values and all? A rater that reads systematically high lowers it.
 * - `'C,1'`: two-way, consistency, single rater [ICC(3,1)] — do the raters rank and space the
 *   subjects alike? A constant offset between raters does not lower it.
 * - `'A,k'`, `'C,k'`: the same for the mean of the k raters.
 * - `'1,1'`: one-way random [ICC(1,1)], when each subject has its own raters.
 */
export type IccForm = 'A,1' | 'C,1' | 'A,k' | 'C,k' | '1,1';

export interface IccResult {
  form: IccForm;
  value: number;
  /** Subjects (rows) and raters (columns). */
  n: number;
  k: number;
  /** The mean squares of the two-way ANOVA: rows (subjects), columns (raters), residual, within rows. */
  msRows: number;
  msColumns: number;
  msError: number;
  msWithin: number;
}

/** Intraclass correlation of a subjects × raters table (`ratings[subject][rater]`). */
export function icc(ratings: readonly (readonly number[])[], form: IccForm = 'A,1'): IccResult {
  const n = ratings.length;
  const k = ratings[0]?.length ?? 0;
  if (n < 2 || k < 2) throw new Error(`icc: needs at least 2 subjects and 2 raters (got ${n} × ${k})`);
  ratings.forEach((row, i) => {
    if (row.length !== k) throw new Error(`icc: subject ${i} has ${row.length} ratings, subject 0 has ${k}; every subject needs every rater`);
    checkNumbers(row as number[], `icc (subject ${i})`);
  });
  const grand = ratings.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0) / (n * k);
  const rowMeans = ratings.map((row) => row.reduce((t, v) => t + v, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => ratings.reduce((s, row) => s + (row[j] as number), 0) / n);
  let ssTotal = 0;
  for (const row of ratings) for (const v of row) ssTotal += (v - grand) ** 2;
  const ssRows = k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssColumns = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssError = ssTotal - ssRows - ssColumns;
  const msRows = ssRows / (n - 1);
  const msColumns = ssColumns / (k - 1);
  const msError = ssError / ((n - 1) * (k - 1));
  const msWithin = (ssColumns + ssError) / (n * (k - 1));
  const value = {
    'A,1': (msRows - msError) / (msRows + (k - 1) * msError + (k / n) * (msColumns - msError)),
    'C,1': (msRows - msError) / (msRows + (k - 1) * msError),
    'A,k': (msRows - msError) / (msRows + (msColumns - msError) / n),
    'C,k': (msRows - msError) / msRows,
    '1,1': (msRows - msWithin) / (msRows + (k - 1) * msWithin)
  }[form];
  if (value === undefined) throw new Error(`icc: unknown form "${String(form)}" (use 'A,1', 'C,1', 'A,k', 'C,k' or '1,1')`);
  return { form, value, n, k, msRows, msColumns, msError, msWithin };
}
