/**
 * `TopK`: a bounded min-heap that keeps the k best (index, score) pairs seen so far.
 *
 * Order is total and deterministic: higher score first, and on equal scores the lower index
 * first. The heap root is the current *worst* kept entry, so a candidate is compared once
 * against it and usually rejected in O(1); an accepted one costs O(log k). Pushing n
 * candidates is O(n log k) time and O(k) memory, all preallocated: `push` never allocates,
 * which matters because this runs on every edge request. NaN scores are ignored (they have no
 * place in a total order and would poison the heap).
 */

export interface TopKResult {
  /** Row indices, best first. */
  indices: Int32Array;
  /** Their scores (rounded to f32), best first. */
  scores: Float32Array;
}

export class TopK {
  readonly k: number;
  private readonly idx: Int32Array;
  private readonly val: Float64Array;
  private n = 0;

  /** @param k how many entries to keep; 0 keeps nothing. */
  constructor(k: number) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be an integer ≥ 0, got ${k}`);
    this.k = k;
    this.idx = new Int32Array(k);
    this.val = new Float64Array(k);
  }

  /** How many entries are kept right now (≤ k). */
  get size(): number {
    return this.n;
  }

  /** Forgets everything so the instance can be reused without reallocating. */
  reset(): void {
    this.n = 0;
  }

  /** The score a candidate must beat to enter once full (−Infinity while not full). */
  threshold(): number {
    return this.n < this.k ? Number.NEGATIVE_INFINITY : (this.val[0] as number);
  }

  /**
   * Offers a candidate; O(1) when rejected, O(log k) when kept.
   *
   * @example
   * const top = new TopK(10);
   * for (let r = 0; r < n; r++) top.push(r, dot(q, 0, m, r * dim, dim));
   */
  push(index: number, score: number): void {
    if (Number.isNaN(score) || this.k === 0) return;
    if (this.n < this.k) {
      this.siftUp(this.n++, index, score);
      return;
    }
    const rootScore = this.val[0] as number;
    // Better than the worst kept: higher score, or equal score and lower index.
    if (score > rootScore || (score === rootScore && index < (this.idx[0] as number))) {
      this.siftDown(0, index, score, this.n);
    }
  }

  /**
   * Offers `scores[i]` as the candidate `offset + i` for every i, comparing each against the
   * current threshold first so the usual rejection costs one compare. Only for candidates offered
   * in increasing index order (a scan's blocks): an equal score then never beats a kept one.
   *
   * @example
   * top.pushBlock(kernel.scoreF32(query, data, dim, from, to), from);
   */
  pushBlock(scores: ArrayLike<number>, offset: number): void {
    let threshold = this.threshold();
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] as number;
      if (!(s > threshold)) continue;
      this.push(offset + i, s);
      threshold = this.threshold();
    }
  }

  /**
   * The kept entries sorted best first. Does not disturb the heap; O(k log k).
   *
   * @example
   * const { indices, scores } = top.results();
   */
  results(): TopKResult {
    const m = this.n;
    // Heap-sort a copy: repeatedly move the worst to the back, leaving best first.
    const idx = this.idx.slice(0, m);
    const val = this.val.slice(0, m);
    for (let end = m - 1; end > 0; end--) {
      const i0 = idx[0] as number;
      const v0 = val[0] as number;
      siftDownIn(idx, val, 0, idx[end] as number, val[end] as number, end);
      idx[end] = i0;
      val[end] = v0;
    }
    return { indices: idx, scores: Float32Array.from(val) };
  }

  private siftUp(pos: number, index: number, score: number): void {
    const idx = this.idx;
    const val = this.val;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const ps = val[parent] as number;
      const pi = idx[parent] as number;
      if (!worse(score, index, ps, pi)) break;
      idx[pos] = pi;
      val[pos] = ps;
      pos = parent;
    }
    idx[pos] = index;
    val[pos] = score;
  }

  private siftDown(pos: number, index: number, score: number, size: number): void {
    siftDownIn(this.idx, this.val, pos, index, score, size);
  }
}

/** True when (sa, ia) ranks below (sb, ib): lower score, or equal score and higher index. */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

/** Places (index, score) at `pos` and sifts it down within the first `size` slots. */
function siftDownIn(
  idx: Int32Array,
  val: Float64Array,
  pos: number,
  index: number,
  score: number,
  size: number,
): void {
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= size) break;
    let child = left;
    const right = left + 1;
    if (
      right < size &&
      worse(val[right] as number, idx[right] as number, val[left] as number, idx[left] as number)
    ) {
      child = right;
    }
    const cs = val[child] as number;
    const ci = idx[child] as number;
    if (!worse(cs, ci, score, index)) break;
    idx[pos] = ci;
    val[pos] = cs;
    pos = child;
  }
  idx[pos] = index;
  val[pos] = score;
}
