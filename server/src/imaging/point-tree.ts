/**
 * A static k-d tree over 3D points for exact nearest-neighbour distances.
 *
 * Layout (as in kdbush): the points are permuted so that, for any index range [lo, hi), the
 * middle element m splits the range along axes[m]: everything in [lo, m) is ≤ it on that
 * axis and everything in (m, hi) ≥ it. No node objects, so building and searching stay in
 * flat typed arrays.
 */
const LEAF = 8;

export class PointTree {
  private readonly xyz: Float64Array;
  private readonly axes: Uint8Array;
  private readonly n: number;
  // Query state lives on the instance so the recursive search allocates nothing.
  private qx = 0;
  private qy = 0;
  private qz = 0;
  private best = Infinity;
  private bestIndex = -1;

  /** `xyz` holds x, y, z per point (mm); it is copied, not kept. */
  constructor(xyz: Float64Array) {
    this.xyz = Float64Array.from(xyz);
    this.n = xyz.length / 3;
    this.axes = new Uint8Array(this.n);
    this.build(0, this.n);
  }

  get size(): number {
    return this.n;
  }

  /**
   * Squared distance from (x, y, z) to the nearest point (Infinity for an empty tree); the
   * point's tree index is then in `lastIndex`. `hint` (a tree index, e.g. the answer for a
   * neighbouring query) seeds the bound so the search prunes from the start; it never changes
   * the result.
   */
  nearestSquared(x: number, y: number, z: number, hint = -1): number {
    this.qx = x;
    this.qy = y;
    this.qz = z;
    this.best = Infinity;
    this.bestIndex = -1;
    if (hint >= 0 && hint < this.n) this.consider(hint);
    if (this.n > 0) this.search(0, this.n);
    return this.best;
  }

  get lastIndex(): number {
    return this.bestIndex;
  }

  private consider(i: number): void {
    const p = 3 * i;
    const dx = this.xyz[p] - this.qx;
    const dy = this.xyz[p + 1] - this.qy;
    const dz = this.xyz[p + 2] - this.qz;
    const d = dx * dx + dy * dy + dz * dz;
    if (d < this.best) {
      this.best = d;
      this.bestIndex = i;
    }
  }

  private search(lo: number, hi: number): void {
    if (hi - lo <= LEAF) {
      for (let i = lo; i < hi; i++) this.consider(i);
      return;
    }
    const m = (lo + hi) >> 1;
    const axis = this.axes[m];
    const q = axis === 0 ? this.qx : axis === 1 ? this.qy : this.qz;
    const gap = q - this.xyz[3 * m + axis];
    this.consider(m);
    // Nearer side first; the far side only if the splitting plane is closer than the best so far.
    if (gap <= 0) {
      this.search(lo, m);
      if (gap * gap < this.best) this.search(m + 1, hi);
    } else {
      this.search(m + 1, hi);
      if (gap * gap < this.best) this.search(lo, m);
    }
  }

  private build(lo: number, hi: number): void {
    if (hi - lo <= LEAF) return;
    const axis = this.widestAxis(lo, hi);
    const m = (lo + hi) >> 1;
    this.select(lo, hi - 1, m, axis);
    this.axes[m] = axis;
    this.build(lo, m);
    this.build(m + 1, hi);
  }

  /** Splitting on the axis of largest extent keeps cells compact on flat, anisotropic surfaces. */
  private widestAxis(lo: number, hi: number): number {
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (let i = lo; i < hi; i++) {
      for (let a = 0; a < 3; a++) {
        const v = this.xyz[3 * i + a];
        if (v < min[a]) min[a] = v;
        if (v > max[a]) max[a] = v;
      }
    }
    const ext = [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
    return ext[0] >= ext[1] && ext[0] >= ext[2] ? 0 : ext[1] >= ext[2] ? 1 : 2;
  }

  /** Hoare-style quickselect: puts the k-th smallest (on `axis`) at k within [left, right]. */
  private select(left: number, right: number, k: number, axis: number): void {
    const c = this.xyz;
    while (right > left) {
      const pivot = c[3 * ((left + right) >> 1) + axis];
      let i = left;
      let j = right;
      while (i <= j) {
        while (c[3 * i + axis] < pivot) i++;
        while (c[3 * j + axis] > pivot) j--;
        if (i <= j) {
          this.swap(i, j);
          i++;
          j--;
        }
      }
      if (k <= j) right = j;
      else if (k >= i) left = i;
      else return;
    }
  }

  private swap(i: number, j: number): void {
    const c = this.xyz;
    for (let a = 0; a < 3; a++) {
      const t = c[3 * i + a];
      c[3 * i + a] = c[3 * j + a];
      c[3 * j + a] = t;
    }
  }
}
