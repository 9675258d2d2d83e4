/**
 * The cold-item scorers `bench:mf` compares (mf-cold.ts): each turns a cold split into a score
 * for every (user, cold item) pair, from features only.
 *
 * - ridge map: x_u · ridge(f_i) (models/mf/features.ts), what the pipeline used before towers;
 * - towers: x_u · g(f_i), the MLP tower (models/towers);
 * - genre profile: p_u · f_i, p_u = the mean feature vector of the user's training items — the
 *   trivial content baseline (on MovieLens the features are the genre flags);
 * - popularity: the same list for everyone, each cold item scored by the mean training popularity
 *   of the warm items sharing each of its features (a cold item has no popularity of its own).
 */
import { type Csr, type InteractionSet, toCsr } from '../src/data/interactions.ts';
import { embedFeatures, fitFeatureMap, type SparseFeatures } from '../src/models/mf/features.ts';
import type { IalsResult } from '../src/models/mf/ials.ts';
import {
  disposeTower,
  embedRows,
  itemTowerData,
  type TowerOptions,
  trainTower,
} from '../src/models/towers/index.ts';

/** A cold split with its trained warm model. */
export interface ColdSplit {
  set: InteractionSet;
  features: SparseFeatures;
  /** 1 for items whose interactions were all removed from training. */
  isCold: Uint8Array;
  cold: Int32Array;
  warm: InteractionSet;
  model: IalsResult;
  seed: number;
}

/** scores[u][c]: score of cold item cold[c] for user u (users × cold, row-major). */
export type ColdScores = Float32Array;

export interface Scorer {
  name: string;
  score(split: ColdSplit): Promise<{ scores: ColdScores; seconds: number; note?: string }>;
}

const warmCounts = (split: ColdSplit): Float32Array => {
  const csr = toCsr(split.warm, 'item');
  return Float32Array.from(split.set.itemIds, (_, i) => csr.indptr[i + 1]! - csr.indptr[i]!);
};

/** x_u · v_c for every user and cold vector. */
function dotScores(userFactors: Float32Array, vectors: Float32Array, dim: number): ColdScores {
  const users = userFactors.length / dim;
  const n = vectors.length / dim;
  const out = new Float32Array(users * n);
  for (let u = 0; u < users; u++) {
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += userFactors[u * dim + d]! * vectors[c * dim + d]!;
      out[u * n + c] = s;
    }
  }
  return out;
}

const featureNamesOf = (f: SparseFeatures, i: number) =>
  Array.from(f.indices.subarray(f.indptr[i]!, f.indptr[i + 1]!), (k) => f.names[k]!);

export const ridgeScorer: Scorer = {
  name: 'ridge map (linear)',
  async score(split) {
    const t0 = performance.now();
    const { model, features } = split;
    const map = fitFeatureMap(features, model.itemFactors, model.dim, { counts: warmCounts(split) });
    const vectors = new Float32Array(split.cold.length * model.dim);
    split.cold.forEach((i, c) => {
      vectors.set(embedFeatures(map, featureNamesOf(features, i)), c * model.dim);
    });
    const scores = dotScores(model.userFactors, vectors, model.dim);
    return { scores, seconds: (performance.now() - t0) / 1000 };
  },
};

/** The tower scorer with the given options (defaults: TOWER_DEFAULTS). */
export function towerScorer(options: Partial<TowerOptions> = {}, name = 'towers (MLP)'): Scorer {
  return {
    name,
    async score(split) {
      const { model, features } = split;
      const byUser: Csr = toCsr(split.warm, 'user');
      const trainable = Uint8Array.from(split.isCold, (c) => 1 - c);
      const data = itemTowerData(model, features, byUser, split.set.itemIds.length, trainable);
      const result = await trainTower(data, { seed: split.seed, ...options });
      const vectors = embedRows(result.tower, features, split.cold);
      disposeTower(result.tower);
      const note = `${result.backend}, best epoch ${result.bestEpoch}/${result.epochs}`;
      return { scores: dotScores(model.userFactors, vectors, model.dim), seconds: result.seconds, note };
    },
  };
}

/** Dense multi-hot rows of `rows` over every feature name. */
function multiHot(f: SparseFeatures, rows: ArrayLike<number>): Float32Array {
  const m = f.names.length;
  const out = new Float32Array(rows.length * m);
  for (let b = 0; b < rows.length; b++) {
    for (let p = f.indptr[rows[b]!]!; p < f.indptr[rows[b]! + 1]!; p++) out[b * m + f.indices[p]!] = 1;
  }
  return out;
}

export const genreProfileScorer: Scorer = {
  name: 'genre profile (content baseline)',
  async score(split) {
    const t0 = performance.now();
    const { features: f, warm } = split;
    const m = f.names.length;
    const byUser = toCsr(warm, 'user');
    const users = warm.userIds.length;
    const profiles = new Float32Array(users * m);
    for (let u = 0; u < users; u++) {
      const n = byUser.indptr[u + 1]! - byUser.indptr[u]!;
      for (let p = byUser.indptr[u]!; p < byUser.indptr[u + 1]!; p++) {
        const i = byUser.indices[p]!;
        for (let q = f.indptr[i]!; q < f.indptr[i + 1]!; q++) profiles[u * m + f.indices[q]!]! += 1 / n;
      }
    }
    const scores = dotScores(profiles, multiHot(f, split.cold), m);
    return { scores, seconds: (performance.now() - t0) / 1000 };
  },
};

export const popularityScorer: Scorer = {
  name: 'popularity (from features)',
  async score(split) {
    const t0 = performance.now();
    const { features: f } = split;
    const counts = warmCounts(split);
    const sum = new Float64Array(f.names.length);
    const rows = new Float64Array(f.names.length);
    for (let i = 0; i < counts.length; i++) {
      if (split.isCold[i] || counts[i] === 0) continue;
      for (let p = f.indptr[i]!; p < f.indptr[i + 1]!; p++) {
        sum[f.indices[p]!]! += counts[i]!;
        rows[f.indices[p]!]!++;
      }
    }
    const itemScore = Float32Array.from(split.cold, (i) => {
      let s = 0;
      let n = 0;
      for (let p = f.indptr[i]!; p < f.indptr[i + 1]!; p++) {
        const k = f.indices[p]!;
        if (rows[k]! > 0) {
          s += sum[k]! / rows[k]!;
          n++;
        }
      }
      return n === 0 ? 0 : s / n;
    });
    const users = split.warm.userIds.length;
    const scores = new Float32Array(users * split.cold.length);
    for (let u = 0; u < users; u++) scores.set(itemScore, u * split.cold.length);
    return { scores, seconds: (performance.now() - t0) / 1000 };
  },
};
