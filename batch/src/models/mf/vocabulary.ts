/**
 * The capped feature vocabulary shared by the ridge map (features.ts) and the neural towers
 * (models/towers): only features seen on enough trained rows are worth a coefficient.
 */
import type { SparseFeatures } from './features.ts';

/**
 * The kept vocabulary (by support among rows of positive weight, ties by name) and old → new
 * feature indices (−1: dropped). Shared with the neural towers (models/towers), which keep the
 * same kind of vocabulary as their input layer.
 *
 * @example
 * const { names, remap } = vocabulary(features, weights, 4096, 2);
 */
export function vocabulary(features: SparseFeatures, weight: Float32Array, max: number, minSupport: number) {
  const support = new Int32Array(features.names.length);
  for (let r = 0; r < features.indptr.length - 1; r++) {
    if (!(weight[r]! > 0)) continue;
    for (let p = features.indptr[r]!; p < features.indptr[r + 1]!; p++) support[features.indices[p]!]!++;
  }
  const order = [...features.names.keys()]
    .filter((k) => support[k]! >= minSupport)
    .sort((x, y) => support[y]! - support[x]! || (features.names[x]! < features.names[y]! ? -1 : 1))
    .slice(0, max);
  const remap = new Int32Array(features.names.length).fill(-1);
  order.forEach((k, j) => {
    remap[k] = j;
  });
  return { names: order.map((k) => features.names[k]!), remap };
}
