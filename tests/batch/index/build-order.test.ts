import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { IndexConfig } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { buildIndex, type IndexArtifacts } from '../../../batch/src/index/build.ts';
import { BlobWriter } from '../../../batch/src/publish/blobs.ts';
import { tinyModel } from '../../support/index-model.ts';

const { model, attrs } = tinyModel({ items: 1500, users: 400, dim: 8, seed: 5 });
const foldIn = { regularization: 0.05, regularizationExponent: 1, unobservedWeight: 0.05, alpha: 1 };
// Small shards: many lists and hash shards, so many writes are in flight at once.
const config = IndexConfig.parse({ dtype: 'int8', shardKiB: 8, seed: 2 });

async function build(delay: (() => number) | null) {
  const store = new MemoryStore('order');
  const writer = new BlobWriter(store);
  const sink = async (bytes: Uint8Array) => {
    if (delay !== null) await new Promise((r) => setTimeout(r, delay()));
    return writer.put(bytes);
  };
  const art = await buildIndex(model, sink, { config, attrs, foldIn });
  const blobs = new Map<string, Uint8Array>();
  for (const { key } of await store.list('')) blobs.set(key, await store.get(key));
  return { art, blobs, stats: writer.stats };
}

const sections = ({ stats: _stats, ...rest }: IndexArtifacts) => rest;

describe('buildIndex with concurrent blob writes', () => {
  it('publishes the same manifest sections and blob bytes whatever order the writes finish in', async () => {
    const rng = createRng(11);
    const immediate = await build(null);
    const shuffled = await build(() => rng.nextInt(4));
    expect(immediate.art.items.index.lists.length).toBeGreaterThan(20);
    expect(sections(shuffled.art)).toEqual(sections(immediate.art));
    expect([...shuffled.blobs.keys()].sort()).toEqual([...immediate.blobs.keys()].sort());
    for (const [key, bytes] of immediate.blobs) expect(shuffled.blobs.get(key)).toEqual(bytes);
    expect(shuffled.stats.written).toBe(immediate.stats.written);
    expect(shuffled.stats.skipped).toBe(immediate.stats.skipped);
  });
});
