/**
 * `MfRecommender`: a trained factor model as a `Recommender` for evaluation — score(u, i) is the
 * dot product x_u·y_i, for all items at once.
 *
 * Typed-array loops rather than a tfjs matmul: evaluation scores a few thousand users in
 * batches sized by the evaluator, and the loop is 4-way unrolled over items so the inner dot
 * products pipeline; at 610 users × 9.7k items × 64 it takes about a second.
 */
import type { Recommender } from '../../eval/recommender.ts';

export interface Factors {
  dim: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
}

export class MfRecommender implements Recommender {
  readonly name: string;
  private readonly numItems: number;

  constructor(
    private readonly factors: Factors,
    name = `ials-${factors.dim}`,
  ) {
    this.name = name;
    this.numItems = factors.itemFactors.length / factors.dim;
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    const { dim, userFactors: x, itemFactors: y } = this.factors;
    const n = this.numItems;
    if (out.length !== users.length * n) {
      throw new RangeError(`out has ${out.length} slots, expected ${users.length} × ${n}`);
    }
    const q = new Float64Array(dim);
    for (let b = 0; b < users.length; b++) {
      const xo = users[b]! * dim;
      for (let k = 0; k < dim; k++) q[k] = x[xo + k] ?? 0; // users beyond the trained rows score 0
      const base = b * n;
      let i = 0;
      for (; i + 4 <= n; i += 4) {
        const o0 = i * dim;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < dim; k++) {
          const qk = q[k]!;
          s0 += qk * y[o0 + k]!;
          s1 += qk * y[o0 + dim + k]!;
          s2 += qk * y[o0 + 2 * dim + k]!;
          s3 += qk * y[o0 + 3 * dim + k]!;
        }
        out[base + i] = s0;
        out[base + i + 1] = s1;
        out[base + i + 2] = s2;
        out[base + i + 3] = s3;
      }
      for (; i < n; i++) {
        let s = 0;
        for (let k = 0; k < dim; k++) s += q[k]! * y[i * dim + k]!;
        out[base + i] = s;
      }
    }
  }
}
