/** Nearest-rank percentile of `values` (q in 0..1), NaN for none; `values` is not reordered. */
export const pct = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
