// Fusing several segmentations of the same image: majority vote over label maps, and a
// STAPLE-style weighted vote for one structure (Warfield, Zou & Wells, IEEE TMI 23(7), 2004),
// which weighs each rater by the sensitivity and specificity it estimates for it.
import type { Image } from 'itk-wasm';
import { deriveImage, deriveMask, gridOf, scalarValues } from './image-utils.js';

function sameGrid(images: readonly Image[], what: string): void {
  if (images.length === 0) throw new Error(`${what}: give at least one segmentation`);
  const first = images[0] as Image;
  gridOf(first);
  const close = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-6);
  images.forEach((image, k) => {
    gridOf(image);
    if (!close(image.size, first.size) || !close(image.spacing, first.spacing) || !close(image.origin, first.origin)) {
      throw new Error(`${what}: segmentation ${k} is not on the grid of segmentation 0 (size ${image.size.join('×')} vs ${first.size.join('×')}); resample it first (itk.resampleLike with 'label')`);
    }
  });
}

export interface MajorityVoteOptions {
  /** Label given where no label has more votes than every other (default 0, background). */
  tieLabel?: number;
}

/**
 * Multi-label majority vote: each voxel gets the label most raters gave it (background counts
 * as a label). Ties get `tieLabel`, so an undecided voxel is visible rather than settled by
 * the order the raters were listed in.
 */
export function majorityVote(labelMaps: readonly Image[], options: MajorityVoteOptions = {}): Image {
  sameGrid(labelMaps, 'majorityVote');
  const tie = options.tieLabel ?? 0;
  const values = labelMaps.map((m) => scalarValues(m));
  const n = values[0]?.length ?? 0;
  const out = new Uint16Array(n);
  const votes = new Map<number, number>();
  let maxLabel = 0;
  for (let i = 0; i < n; i++) {
    votes.clear();
    for (const v of values) {
      const label = Math.round(v[i] ?? 0);
      votes.set(label, (votes.get(label) ?? 0) + 1);
    }
    let best = tie;
    let bestCount = 0;
    let tied = false;
    for (const [label, count] of votes) {
      if (count > bestCount) [best, bestCount, tied] = [label, count, false];
      else if (count === bestCount) tied = true;
    }
    const chosen = tied ? tie : best;
    out[i] = chosen;
    if (chosen > maxLabel) maxLabel = chosen;
  }
  return maxLabel < 256 ? deriveImage(labelMaps[0] as Image, Uint8Array.from(out), 'uint8', 'majority vote') : deriveImage(labelMaps[0] as Image, out, 'uint16', 'majority vote');
}

export interface StapleOptions {
  /** Stop when no sensitivity or specificity changes by more than this (default 1e-7). */
  tolerance?: number;
  /** At most this many EM iterations (default 100). */
  maxIterations?: number;
  /** Starting sensitivity and specificity of every rater (default 0.99 each, as in ITK). */
  initial?: number;
}

export interface StapleResult {
  /** Probability that each voxel is foreground (float32, the masks' grid). */
  probability: Image;
  /** probability ≥ 0.5 as a 0/1 mask. */
  fused: Image;
  /** Estimated true-positive rate of each rater, in the order given. */
  sensitivity: number[];
  /** Estimated true-negative rate of each rater. */
  specificity: number[];
  /** Prior foreground fraction used (the raters' mean foreground fraction). */
  prior: number;
  iterations: number;
}

/**
 * Binary STAPLE by expectation-maximisation. E-step: the probability that a voxel is truly
 * foreground given every rater's decision and their current sensitivity p and specificity q.
 * M-step: p and q re-estimated from those probabilities. The prior is fixed to the mean
 * foreground fraction of the raters, as ITK's STAPLEImageFilter does. A rater whose decisions
 * agree with the consensus gets p and q near 1 and so a large say in the fused result.
 */
export function staple(masks: readonly Image[], options: StapleOptions = {}): StapleResult {
  sameGrid(masks, 'staple');
  const tolerance = options.tolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 100;
  const start = options.initial ?? 0.99;
  if (!(start > 0 && start < 1)) throw new Error('staple: initial must lie strictly between 0 and 1');
  const decisions = masks.map((m) => {
    const v = scalarValues(m);
    const d = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) d[i] = v[i] !== 0 ? 1 : 0;
    return d;
  });
  const n = decisions[0]?.length ?? 0;
  const r = decisions.length;
  let prior = 0;
  for (const d of decisions) for (let i = 0; i < n; i++) prior += d[i] ?? 0;
  prior /= r * n;
  if (prior === 0 || prior === 1) throw new Error('staple: every rater marks nothing, or everything: there is nothing to weigh');
  const p = new Array<number>(r).fill(start);
  const q = new Array<number>(r).fill(start);
  const w = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIterations; ) {
    iterations++;
    for (let i = 0; i < n; i++) {
      let a = prior;
      let b = 1 - prior;
      decisions.forEach((d, j) => {
        const pj = p[j] ?? 0;
        const qj = q[j] ?? 0;
        if (d[i]) {
          a *= pj;
          b *= 1 - qj;
        } else {
          a *= 1 - pj;
          b *= qj;
        }
      });
      w[i] = a + b > 0 ? a / (a + b) : 0;
    }
    let sumW = 0;
    for (let i = 0; i < n; i++) sumW += w[i] ?? 0;
    let change = 0;
    decisions.forEach((d, j) => {
      let tp = 0;
      let tn = 0;
      for (let i = 0; i < n; i++) {
        const wi = w[i] ?? 0;
        if (d[i]) tp += wi;
        else tn += 1 - wi;
      }
      const np = sumW > 0 ? tp / sumW : 0;
      const nq = n - sumW > 0 ? tn / (n - sumW) : 0;
      change = Math.max(change, Math.abs(np - (p[j] ?? 0)), Math.abs(nq - (q[j] ?? 0)));
      p[j] = np;
      q[j] = nq;
    });
    if (change <= tolerance) break;
  }
  const first = masks[0] as Image;
  const fused = new Uint8Array(n);
  for (let i = 0; i < n; i++) fused[i] = (w[i] ?? 0) >= 0.5 ? 1 : 0;
  return { probability: deriveImage(first, Float32Array.from(w), 'float32', 'STAPLE probability'), fused: deriveMask(first, fused, 'STAPLE'), sensitivity: p, specificity: q, prior, iterations };
}
