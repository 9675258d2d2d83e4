/**
 * Manifest bodies built by the real index builder from a tiny seeded model, for publish tests.
 * `variant` changes only the user vectors, so two variants share every item blob and differ in
 * their user shards: exactly the overlap retention/GC must handle.
 */

import type { BlobRef } from '#shared/schemas';
import { IndexConfig } from '#shared/schemas';
import { buildIndex } from '../../batch/src/index/build.ts';
import type { ManifestBody } from '../../batch/src/publish/publish.ts';
import { tinyModel } from './index-model.ts';

export async function manifestBody(
  putBlob: (bytes: Uint8Array) => Promise<BlobRef>,
  options: { variant?: number; metrics?: Record<string, number>; items?: number } = {},
): Promise<ManifestBody> {
  const { model, attrs } = tinyModel({ items: options.items ?? 120, users: 40, dim: 4, seed: 5 });
  const variant = options.variant ?? 0;
  for (let i = 0; i < model.userFactors.length; i++)
    model.userFactors[i] = (model.userFactors[i] as number) + variant;
  const foldIn = { regularization: 0.05, regularizationExponent: 1, unobservedWeight: 0.05, alpha: 1 };
  const config = IndexConfig.parse({ shardKiB: 4, nlist: 4, nprobe: 2, dtype: 'f16', seed: 1 });
  const art = await buildIndex(model, putBlob, { config, attrs, foldIn });
  return {
    model: {
      kind: 'mf',
      algorithm: 'ials',
      dim: 4,
      backend: 'test',
      config: { variant },
      metrics: options.metrics ?? { 'ndcg@10': 0.4 },
      data: { users: 40, items: model.itemIds.length, interactions: 1000 },
    },
    items: art.items,
    users: art.users,
    foldIn: art.foldIn,
    fallback: art.fallback,
  };
}
