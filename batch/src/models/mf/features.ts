/**
 * Side features for cold start: a closed-form ridge map from an item's (or user's) multi-hot
 * features to the learned embedding space, so a brand-new item gets a useful vector from its
 * category, brand, price band and tags without retraining.
 *
 * Model: y ≈ Wᵀf + b, fitted on the rows that have trained vectors, weighted by how reliable
 * each vector is (w_r = log(1 + interactions of r); rows with none get weight 0):
 *
 *   [W; b] = (F̃ᵀ D F̃ + μ·I)⁻¹ F̃ᵀ D Y,   F̃ = [F 1]  (an intercept column; m + 1 unknowns per dim)
 *
 * Chosen over LightFM-style summed feature embeddings because it is one (m+1)×(m+1) solve after
 * iALS (no extra training loop, no learning rate) and leaves the iALS item vectors untouched; it
 * measured well on the synthetic store (docs/benchmarks.md, cold start). The vocabulary is capped
 * (`maxFeatures`, by frequency) so the dense solve stays cheap at 1M items.
 *
 * The same code serves users with user features (rows = users, Y = user factors).
 */
import { categoryAncestry, priceBandEdges, priceBandIndex } from '#shared/schemas';
import { alignCatalogue, type Catalogue, categoryIdAt, priceBandAt } from '../../data/catalogue.ts';
import { choleskyInPlace, choleskySolveInPlace } from './linalg.ts';
import { vocabulary } from './vocabulary.ts';

/** Multi-hot features of `rows` rows as CSR over `names` (values are all 1). */
export interface SparseFeatures {
  names: string[];
  indptr: Int32Array;
  indices: Int32Array;
}

/** A fitted map from feature names to the embedding space. */
export interface FeatureMap {
  dim: number;
  /** Feature vocabulary; row k of `weights` belongs to names[k]. */
  names: string[];
  /** Row-major names.length × dim. */
  weights: Float32Array;
  /** Intercept (the weighted mean embedding when no feature helps). */
  bias: Float32Array;
}

/** What one item's features are made of (numbers among its attributes already banded). */
export interface FeatureSource {
  /** Category id; the item gets a feature for it and for every ancestor. */
  category?: string | undefined;
  brand?: string | undefined;
  band?: string | undefined;
  tags?: readonly string[];
  /** Custom attributes as text (`material` → `linen`, `screen_inches` → `q3`). */
  attributes?: Readonly<Record<string, string>>;
}

/**
 * The feature names of one item: `category=…` per level, `brand=…`, `band=…`, `tag=…`, `attr:k=v`.
 *
 * @example
 * itemFeatureNames({ category: 'women/dresses', brand: 'Acme', band: 'value', tags: ['linen'] });
 * // ['category=women', 'category=women/dresses', 'brand=Acme', 'band=value', 'tag=linen']
 */
export function itemFeatureNames(item: FeatureSource): string[] {
  const out = item.category === undefined ? [] : categoryAncestry(item.category).map((c) => `category=${c}`);
  if (item.brand) out.push(`brand=${item.brand}`);
  if (item.band) out.push(`band=${item.band}`);
  for (const tag of item.tags ?? []) out.push(`tag=${tag}`);
  for (const [k, v] of Object.entries(item.attributes ?? {})) out.push(`attr:${k}=${v}`);
  return out;
}

/**
 * Feature sources of catalogue rows: numeric attributes become the quintile (`q1`…`q5`) of the
 * value among the catalogue's values of that attribute, so `screen_inches` works across shops.
 *
 * @example
 * const names = itemFeatureNames(catalogueFeatureSources(catalogue)(r));
 */
export function catalogueFeatureSources(catalogue: Catalogue): (r: number) => FeatureSource {
  // Appended in place: copying the list per value (a spread) made this quadratic in items —
  // 40 s at 50k items, hours at 1M, all on the main thread.
  const numbers = new Map<string, number[]>();
  for (const attrs of catalogue.attributes) {
    for (const [k, v] of Object.entries(attrs ?? {})) {
      if (typeof v !== 'number') continue;
      const values = numbers.get(k);
      if (values) values.push(v);
      else numbers.set(k, [v]);
    }
  }
  const edges = new Map([...numbers].map(([k, values]) => [k, priceBandEdges(values)]));
  return (r) => {
    const tags: string[] = [];
    for (let p = catalogue.tagIndptr[r]!; p < catalogue.tagIndptr[r + 1]!; p++) {
      tags.push(catalogue.tagNames[catalogue.tagIndices[p]!]!);
    }
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(catalogue.attributes[r] ?? {})) {
      attributes[k] = typeof v === 'number' ? `q${priceBandIndex(v, edges.get(k) ?? []) + 1}` : v;
    }
    const b = catalogue.brand[r]!;
    return {
      category: categoryIdAt(catalogue, r),
      brand: b >= 0 ? catalogue.brands[b] : undefined,
      band: priceBandAt(catalogue, r),
      tags,
      attributes,
    };
  };
}

/**
 * Features of each item of an index space (`itemIds`) from a catalogue; items the catalogue
 * lacks get no features.
 *
 * @example
 * const feats = catalogueFeatures(catalogue, train.itemIds);
 */
export function catalogueFeatures(catalogue: Catalogue, itemIds: readonly string[]): SparseFeatures {
  const rowOf = alignCatalogue(catalogue, itemIds);
  const sourceOf = catalogueFeatureSources(catalogue);
  const vocab = new Map<string, number>();
  const intern = (name: string) => {
    let k = vocab.get(name);
    if (k === undefined) {
      k = vocab.size;
      vocab.set(name, k);
    }
    return k;
  };
  const indptr = new Int32Array(itemIds.length + 1);
  const indices: number[] = [];
  for (let i = 0; i < itemIds.length; i++) {
    const r = rowOf[i]!;
    if (r >= 0) for (const name of itemFeatureNames(sourceOf(r))) indices.push(intern(name));
    indptr[i + 1] = indices.length;
  }
  return { names: [...vocab.keys()], indptr, indices: Int32Array.from(indices) };
}

export interface FitOptions {
  /** Ridge μ on every coefficient (default 1). */
  ridge?: number;
  /** Reliability weight of each row (default log(1 + count) from `counts`). */
  rowWeights?: Float32Array;
  /** Interactions per row, used for the default weights. */
  counts?: ArrayLike<number>;
  /** Largest vocabulary kept, most frequent first (default 4096). */
  maxFeatures?: number;
  /** Features seen on fewer weighted rows are dropped (default 2). */
  minSupport?: number;
}

/**
 * Fits the ridge map from `features` to `factors` (row-major, rows × dim).
 *
 * @example
 * const map = fitFeatureMap(catalogueFeatures(cat, ids), model.itemFactors, 64, { counts: itemCounts });
 * const coldVector = embedFeatures(map, itemFeatureNames(newItem));
 */
export function fitFeatureMap(
  features: SparseFeatures,
  factors: Float32Array,
  dim: number,
  options: FitOptions = {},
): FeatureMap {
  const rows = features.indptr.length - 1;
  const weight = options.rowWeights ?? defaultWeights(rows, options.counts);
  const keep = vocabulary(features, weight, options.maxFeatures ?? 4096, options.minSupport ?? 2);
  const m = keep.names.length;
  const n = m + 1; // + intercept
  const a = new Float64Array(n * n);
  const b = new Float64Array(n * dim);
  const cols: number[] = [];
  for (let r = 0; r < rows; r++) {
    const w = weight[r]!;
    if (!(w > 0)) continue;
    cols.length = 0;
    for (let p = features.indptr[r]!; p < features.indptr[r + 1]!; p++) {
      const k = keep.remap[features.indices[p]!]!;
      if (k >= 0) cols.push(k);
    }
    cols.push(m);
    for (const i of cols) {
      for (const j of cols) if (j <= i) a[i * n + j]! += w;
      for (let d = 0; d < dim; d++) b[i * dim + d]! += w * factors[r * dim + d]!;
    }
  }
  const ridge = options.ridge ?? 1;
  for (let i = 0; i < n; i++) a[i * n + i]! += ridge;
  if (!choleskyInPlace(a, n)) throw new RangeError('feature ridge system is not positive definite');
  const col = new Float64Array(n);
  const weights = new Float32Array(m * dim);
  const bias = new Float32Array(dim);
  for (let d = 0; d < dim; d++) {
    for (let i = 0; i < n; i++) col[i] = b[i * dim + d]!;
    choleskySolveInPlace(a, n, col);
    for (let k = 0; k < m; k++) weights[k * dim + d] = col[k]!;
    bias[d] = col[m]!;
  }
  return { dim, names: keep.names, weights, bias };
}

/**
 * The embedding of a row known only by its feature names (unknown names are ignored, so an item
 * with no known feature gets the intercept).
 *
 * @example
 * embedFeatures(map, ['category=dress', 'brand=Acme']); // Float32Array(dim)
 */
export function embedFeatures(map: FeatureMap, names: readonly string[]): Float32Array {
  const index = featureIndex(map);
  const out = Float32Array.from(map.bias);
  for (const name of new Set(names)) {
    const k = index.get(name);
    if (k === undefined) continue;
    for (let d = 0; d < map.dim; d++) out[d]! += map.weights[k * map.dim + d]!;
  }
  return out;
}

const indexCache = new WeakMap<FeatureMap, Map<string, number>>();

function featureIndex(map: FeatureMap): Map<string, number> {
  let index = indexCache.get(map);
  if (!index) {
    index = new Map(map.names.map((name, k) => [name, k]));
    indexCache.set(map, index);
  }
  return index;
}

function defaultWeights(rows: number, counts: ArrayLike<number> | undefined): Float32Array {
  if (!counts) throw new RangeError('fitFeatureMap needs rowWeights or counts');
  const w = new Float32Array(rows);
  for (let r = 0; r < rows; r++) w[r] = Math.log1p(counts[r] ?? 0);
  return w;
}
