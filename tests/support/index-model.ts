/**
 * A small seeded "trained model" for index and publish tests: clustered item and user vectors
 * with ids, plus item attributes (category, availability, popularity) — the inputs `buildIndex`
 * takes from a real training run, without spending seconds on training.
 */

import { createRng } from '#shared/random';
import type { ItemAttributes } from '../../batch/src/index/attributes.ts';
import type { EmbeddingModel } from '../../batch/src/index/build.ts';
import { clusteredVectors } from '../../batch/src/index/clustered.ts';

export interface TinyModel {
  model: EmbeddingModel;
  attrs: ItemAttributes;
}

/** `items` items and `users` users in `dim` dims; every 7th item unavailable; seeded. */
export function tinyModel(options: { items: number; users: number; dim: number; seed: number }): TinyModel {
  const { items, users, dim, seed } = options;
  const mixture = { dim, clusters: 8, spread: 0.5, seed };
  const itemFactors = clusteredVectors({ ...mixture, rows: items }, 'items').data;
  const userFactors = clusteredVectors({ ...mixture, rows: users }, 'users').data;
  // One user without a vector (no training interactions): user shards must leave it out.
  userFactors.fill(0, 0, dim);
  const rng = createRng(seed).fork('attrs');
  const category = new Int32Array(items);
  const available = new Uint8Array(items);
  const popularity = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    category[i] = i % 4;
    available[i] = i % 7 === 0 ? 0 : 1;
    popularity[i] = i % 11 === 0 ? 0 : rng.nextInt(1000);
  }
  return {
    model: {
      dim,
      itemIds: Array.from({ length: items }, (_, i) => `sku-${i}`),
      userIds: Array.from({ length: users }, (_, u) => `user-${u}`),
      itemFactors,
      userFactors,
    },
    attrs: {
      category,
      categoryIds: USED_CATEGORIES,
      available,
      popularity,
      missingFromCatalogue: 0,
      uncategorised: 0,
    },
  };
}

/** Category ids of the tiny model (item i is in USED_CATEGORIES[i % 4]); two levels deep. */
export const USED_CATEGORIES = ['home/kitchen', 'home/bath', 'tech/audio', 'tech/phones'];
