/**
 * The measurement behind `npm run bench:diversity`: for every test user, the model's candidate
 * pool (the exact top `rerankPoolSize` by x_u·y_i, train items removed — what the edge's search
 * hands the reranker when every list is probed) reranked by the shared `diversify` for each
 * setting, then scored:
 * - nDCG@10 against the held-out items (batch/src/eval/metrics.ts, binary relevance);
 * - intra-list diversity (ILD): mean over pairs of a list of 1 − cos(y_i, y_j), and the share of
 *   pairs in different categories;
 * - catalogue coverage: distinct items recommended to anyone / items in the catalogue.
 */
import { diversify, rerankPoolSize } from '#shared/scoring';
import { type InteractionSet, toCsr } from '../src/data/interactions.ts';
import { userMetrics } from '../src/eval/metrics.ts';
import { topKItems } from '../src/eval/topk.ts';
import { MfRecommender } from '../src/models/mf/recommender.ts';

export const K = 10;

export interface Setting {
  diversity: number;
  maxPerCategory?: number;
}

export interface SettingResult extends Setting {
  ndcg: number;
  ildCosine: number;
  ildCategory: number;
  coverage: number;
  /** Mean list length (shorter than k only when a cap empties the pool). */
  length: number;
}

export interface TrainedData {
  train: InteractionSet;
  test: InteractionSet;
  dim: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  /** Category of each item index (undefined: none). */
  category: (string | undefined)[];
}

interface Candidate {
  item: number;
  score: number;
  vector: Float32Array;
  category: string | undefined;
}

/** Per test user: the pool of the largest setting, best first, and the relevant items. */
function pools(data: TrainedData, poolSize: number): { pool: Candidate[]; relevant: Set<number> }[] {
  const { train, test, dim, itemFactors } = data;
  const nItems = train.itemIds.length;
  const seen = toCsr(train, 'user');
  const held = toCsr(test, 'user');
  const model = new MfRecommender({ dim, userFactors: data.userFactors, itemFactors });
  const scores = new Float32Array(nItems);
  const out: { pool: Candidate[]; relevant: Set<number> }[] = [];
  for (let u = 0; u < test.userIds.length; u++) {
    const relevant = new Set(held.indices.subarray(held.indptr[u]!, held.indptr[u + 1]!));
    if (relevant.size === 0 || u * dim >= data.userFactors.length) continue;
    model.scoreUsers(Int32Array.of(u), scores);
    for (let p = seen.indptr[u]!; p < seen.indptr[u + 1]!; p++)
      scores[seen.indices[p]!] = Number.NEGATIVE_INFINITY;
    const pool = Array.from(topKItems(scores, poolSize), (item) => ({
      item,
      score: scores[item]!,
      vector: itemFactors.subarray(item * dim, (item + 1) * dim),
      category: data.category[item],
    }));
    out.push({ pool, relevant });
  }
  return out;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j]! * b[j]!;
    aa += a[j]! * a[j]!;
    bb += b[j]! * b[j]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Mean 1 − cos and share of different-category pairs of one list. */
function intraList(list: readonly Candidate[]): { cos: number; cat: number } {
  let cos = 0;
  let cat = 0;
  let pairs = 0;
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      cos += 1 - cosine(list[i]!.vector, list[j]!.vector);
      if (list[i]!.category !== list[j]!.category) cat++;
      pairs++;
    }
  }
  return pairs === 0 ? { cos: 0, cat: 0 } : { cos: cos / pairs, cat: cat / pairs };
}

/**
 * Metrics of every setting on `data` (one scoring pass; each setting reranks the same pools).
 *
 * @example
 * const rows = measureSettings(data, [{ diversity: 0 }, { diversity: 0.5 }]);
 */
export function measureSettings(data: TrainedData, settings: readonly Setting[]): SettingResult[] {
  const poolSize = Math.max(...settings.map((s) => rerankPoolSize({ k: K, ...s })));
  const users = pools(data, poolSize);
  const nItems = data.train.itemIds.length;
  return settings.map((setting) => {
    const options = { k: K, ...setting };
    const size = rerankPoolSize(options);
    const covered = new Set<number>();
    let ndcg = 0;
    let ildCosine = 0;
    let ildCategory = 0;
    let length = 0;
    for (const { pool, relevant } of users) {
      const list = diversify(pool.slice(0, size), options);
      for (const c of list) covered.add(c.item);
      ndcg += userMetrics(
        list.map((c) => c.item),
        (i) => relevant.has(i),
        relevant.size,
        K,
      ).ndcg;
      const ild = intraList(list);
      ildCosine += ild.cos;
      ildCategory += ild.cat;
      length += list.length;
    }
    const n = Math.max(1, users.length);
    return {
      ...setting,
      ndcg: ndcg / n,
      ildCosine: ildCosine / n,
      ildCategory: ildCategory / n,
      coverage: covered.size / nItems,
      length: length / n,
    };
  });
}
