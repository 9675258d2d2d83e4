/**
 * Cold-start part of `npm run bench:mf`: how good are vectors built from features alone?
 *
 * Protocol (same on both data sets): 10% of the items with ≥ 5 interactions (seeded) lose ALL
 * their interactions; iALS trains on the rest; the feature map (features.ts) is fitted on the
 * warm items; each cold item gets embedFeatures(its features). Reported:
 * - neighbour Jaccard: mean Jaccard similarity between a cold item's feature set and those of its
 *   10 nearest warm items (cosine) — against the same for 10 random warm items;
 * - cold AUC: for each user who touched cold items, the AUC of those items among all cold items
 *   when ranked by x_u·y(features) — 0.5 is chance.
 * Data: MovieLens with genres (movies.csv) when present, and a synthetic store (category, brand,
 * price band) from the project's generator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRng } from '#shared/random';
import { MfConfig } from '#shared/schemas';
import { type InteractionSet, subset, toCsr } from '../src/data/interactions.ts';
import { embedFeatures, fitFeatureMap, type SparseFeatures } from '../src/models/mf/features.ts';
import { trainIals } from '../src/models/mf/ials.ts';
import { MACHINE, type Row, table, today } from './mf-report.ts';

export interface ColdResult {
  data: string;
  coldItems: number;
  jaccardNear: number;
  jaccardRandom: number;
  auc: number;
  users: number;
}

/** Features of ML items from movies.csv genres (`genre=Comedy`, …), aligned to `itemIds`. */
export function movieGenres(dir: string, itemIds: readonly string[]): SparseFeatures | null {
  const path = `${dir}/movies.csv`;
  if (!existsSync(path)) return null;
  const genres = new Map<string, string[]>();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const m = /^(\d+),.*,([^,]*)$/.exec(line.trim());
    if (m)
      genres.set(
        m[1]!,
        m[2]!.split('|').filter((g) => g !== '(no genres listed)'),
      );
  }
  const names: string[] = [];
  const index = new Map<string, number>();
  const indptr = new Int32Array(itemIds.length + 1);
  const indices: number[] = [];
  itemIds.forEach((id, i) => {
    for (const g of genres.get(id) ?? []) {
      const name = `genre=${g}`;
      if (!index.has(name)) index.set(name, names.push(name) - 1);
      indices.push(index.get(name)!);
    }
    indptr[i + 1] = indices.length;
  });
  return { names, indptr, indices: Int32Array.from(indices) };
}

/**
 * Runs the protocol on one data set.
 *
 * @example
 * const r = await coldStart('movielens', ratings, movieGenres(dir, ratings.itemIds)!);
 */
export async function coldStart(
  label: string,
  set: InteractionSet,
  features: SparseFeatures,
): Promise<ColdResult> {
  const byItem = toCsr(set, 'item');
  const rng = createRng(11);
  const isCold = new Uint8Array(set.itemIds.length);
  for (let i = 0; i < set.itemIds.length; i++) {
    if (byItem.indptr[i + 1]! - byItem.indptr[i]! >= 5 && rng.next() < 0.1) isCold[i] = 1;
  }
  const warm = subset(
    set,
    Uint8Array.from(set.items, (i) => 1 - isCold[i]!),
  );
  const config = MfConfig.parse({ compute: 'js' });
  const model = await trainIals(warm, config);
  const dim = config.factors;
  const warmCsr = toCsr(warm, 'item');
  const counts = set.itemIds.map((_, i) => warmCsr.indptr[i + 1]! - warmCsr.indptr[i]!);
  const map = fitFeatureMap(features, model.itemFactors, dim, { counts });
  const cold: number[] = [];
  const warmItems: number[] = [];
  for (let i = 0; i < set.itemIds.length; i++) {
    if (isCold[i]) cold.push(i);
    else if (counts[i]! > 0) warmItems.push(i);
  }
  const featureSet = (i: number) =>
    new Set(features.indices.subarray(features.indptr[i]!, features.indptr[i + 1]!));
  const vectors = new Map(
    cold.map((i) => [
      i,
      embedFeatures(
        map,
        [...featureSet(i)].map((k) => features.names[k]!),
      ),
    ]),
  );

  const norms = warmItems.map((i) => Math.hypot(...model.itemFactors.subarray(i * dim, (i + 1) * dim)) || 1);
  let near = 0;
  let random = 0;
  for (const i of cold) {
    const v = vectors.get(i)!;
    const scored = warmItems.map((w, j) => ({ w, s: dot(v, model.itemFactors, w * dim, dim) / norms[j]! }));
    scored.sort((a, b) => b.s - a.s || a.w - b.w);
    const mine = featureSet(i);
    near += mean(scored.slice(0, 10).map(({ w }) => jaccard(mine, featureSet(w))));
    random += mean(
      Array.from({ length: 10 }, () => jaccard(mine, featureSet(warmItems[rng.nextInt(warmItems.length)]!))),
    );
  }

  const byUser = toCsr(set, 'user');
  let aucSum = 0;
  let users = 0;
  for (let u = 0; u < set.userIds.length; u++) {
    const pos = new Set<number>();
    for (let p = byUser.indptr[u]!; p < byUser.indptr[u + 1]!; p++)
      if (isCold[byUser.indices[p]!]) pos.add(byUser.indices[p]!);
    if (pos.size === 0 || pos.size === cold.length) continue;
    const x = model.userFactors.subarray(u * dim, (u + 1) * dim);
    const scores = cold.map((i) => ({ i, s: dot(x, vectors.get(i)!, 0, dim) }));
    scores.sort((a, b) => a.s - b.s);
    let rankSum = 0;
    scores.forEach(({ i }, r) => {
      if (pos.has(i)) rankSum += r + 1;
    });
    const nNeg = cold.length - pos.size;
    aucSum += (rankSum - (pos.size * (pos.size + 1)) / 2) / (pos.size * nNeg);
    users++;
  }
  const result = {
    data: label,
    coldItems: cold.length,
    jaccardNear: near / cold.length,
    jaccardRandom: random / cold.length,
    auc: aucSum / users,
    users,
  };
  console.log(JSON.stringify(result));
  return result;
}

/** The markdown section for the cold-start results. */
export function coldSection(results: ColdResult[]): string {
  const rows: Row[] = results.map((r) => ({
    data: r.data,
    'cold items': r.coldItems,
    'Jaccard, 10 nearest': r.jaccardNear.toFixed(3),
    'Jaccard, 10 random': r.jaccardRandom.toFixed(3),
    'cold AUC': r.auc.toFixed(3),
    'users (AUC)': r.users,
  }));
  return [
    '## Cold start: item vectors from features alone (ridge map, batch/src/models/mf/features.ts)',
    '',
    'Command: `npm run bench:mf`. Protocol (batch/bench/mf-cold.ts): 10% of items with ≥ 5 interactions',
    'lose all of them; iALS (defaults) trains on the rest; the feature map is fitted on warm items; cold',
    'items are embedded from features only. "Jaccard" compares feature sets of a cold item and its 10',
    'nearest warm items by cosine (vs 10 random warm items); "cold AUC" ranks each user\'s cold',
    'positives among all cold items by x_u·y(features) (0.5 = chance). Features: MovieLens genres',
    '(movies.csv); synthetic store category, brand, price band.',
    `Machine: ${MACHINE}. Date: ${today()}.`,
    '',
    table(rows, Object.keys(rows[0] ?? { data: '' })),
  ].join('\n');
}

function dot(a: Float32Array, b: Float32Array, offset: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[d]! * b[offset + d]!;
  return s;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function jaccard(a: Set<number>, b: Set<number>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const union = a.size + b.size - both;
  return union === 0 ? 0 : both / union;
}
