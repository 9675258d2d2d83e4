import { beforeAll, describe, expect, it } from 'vitest';
import { decodeShard, dequantize } from '#shared/codec';
import { unwrap } from '#shared/errors';
import { type BlobRef, FallbackLists, IndexConfig, Manifest, ShardMetadata } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import { MemoryStore } from '#shared/storage';
import { buildIndex, type IndexArtifacts } from '../../../batch/src/index/build.ts';
import { decodeGramian } from '../../../batch/src/index/foldin.ts';
import { foldIn as referenceFoldIn } from '../../../batch/src/models/mf/fold-in.ts';
import { BlobWriter } from '../../../batch/src/publish/blobs.ts';
import { readBlob } from '../../../batch/src/publish/read.ts';
import { tinyModel, USED_CATEGORIES } from '../../support/index-model.ts';

const DIM = 8;
const { model, attrs } = tinyModel({ items: 900, users: 300, dim: DIM, seed: 9 });
const store = new MemoryStore('build-test');
const foldIn = { regularization: 0.05, regularizationExponent: 1, unobservedWeight: 0.05, alpha: 1 };
let art: IndexArtifacts;

const json = async (ref: BlobRef) =>
  JSON.parse(new TextDecoder().decode(await readBlob(store, ref))) as unknown;
const shard = async (ref: BlobRef) => unwrap(decodeShard(await readBlob(store, ref)));

beforeAll(async () => {
  const writer = new BlobWriter(store);
  // 8 KiB shards: small enough that both the IVF lists and the hash shards are many.
  const config = IndexConfig.parse({ dtype: 'int8', shardKiB: 8, seed: 1 });
  art = await buildIndex(model, (b) => writer.put(b), { config, attrs, foldIn });
});

describe('buildIndex', () => {
  it('produces manifest sections that pass the schema', () => {
    const manifest = Manifest.parse({
      schemaVersion: 1,
      version: 'test',
      createdAt: new Date(0).toISOString(),
      model: {
        kind: 'mf',
        algorithm: 'ials',
        dim: DIM,
        backend: 'js',
        config: {},
        metrics: {},
        data: { users: 300, items: 900, interactions: 0 },
      },
      ...art,
    });
    expect(manifest.items.count).toBe(900);
    expect(manifest.items.index.lists.reduce((n, l) => n + l.count, 0)).toBe(900);
  });

  it('keeps every IVF list blob (shard and rerank copy) within the shard budget', async () => {
    expect(art.items.index.lists.length).toBeGreaterThan(1);
    for (const list of art.items.index.lists) {
      expect(list.shard.size).toBeLessThanOrEqual(8 * 1024);
      expect(list.rerank?.size ?? 0).toBeLessThanOrEqual(8 * 1024);
      const s = await shard(list.shard);
      expect(s.dtype).toBe('int8');
      expect(s.count).toBe(list.count);
      expect((await shard(list.rerank as BlobRef)).ids).toEqual(s.ids);
    }
  });

  it('writes list metadata aligned with the shard rows', async () => {
    for (const list of art.items.index.lists.slice(0, 5)) {
      const s = await shard(list.shard);
      const meta = ShardMetadata.parse(await json(list.metadata));
      expect(meta.category).toHaveLength(s.count);
      s.ids.forEach((id, row) => {
        const i = Number(id.slice(4));
        expect(meta.category[row]).toBe(USED_CATEGORIES[i % 4]);
        expect(meta.available[row]).toBe(i % 7 !== 0);
        expect(meta.popularity[row]).toBe(attrs.popularity[i]);
      });
    }
  });

  it('finds any user in the one shard its id hashes to, with its exact vector', async () => {
    for (const u of [1, 57, 299]) {
      const id = `user-${u}`;
      const s = await shard(art.users.shards[bucketOf(id, art.users.shardCount)] as BlobRef);
      const row = s.ids.indexOf(id);
      expect(row).toBeGreaterThanOrEqual(0);
      expect(Array.from(dequantize(s).subarray(row * DIM, (row + 1) * DIM))).toEqual(
        Array.from(model.userFactors.subarray(u * DIM, (u + 1) * DIM)),
      );
    }
  });

  it('leaves users without a vector out of the user shards', async () => {
    expect(art.users.count).toBe(299);
    const s = await shard(art.users.shards[bucketOf('user-0', art.users.shardCount)] as BlobRef);
    expect(s.ids).not.toContain('user-0');
  });

  it('stores every item exactly once by id hash, sorted by id within a shard', async () => {
    let total = 0;
    for (const [b, ref] of art.items.byId.shards.entries()) {
      const s = await shard(ref);
      total += s.count;
      for (const id of s.ids) expect(bucketOf(id, art.items.byId.shardCount)).toBe(b);
      expect([...s.ids].sort()).toEqual(s.ids);
    }
    expect(total).toBe(900);
  });

  it('ranks fallback lists by popularity, without unavailable or never-seen items', async () => {
    const lists = FallbackLists.parse(await json(art.fallback));
    expect(lists.global.length).toBe(100);
    for (const entries of [lists.global, ...Object.values(lists.byCategory)]) {
      for (let e = 1; e < entries.length; e++) {
        expect((entries[e] as { score: number }).score).toBeLessThanOrEqual(
          (entries[e - 1] as { score: number }).score,
        );
      }
      for (const { itemId, score } of entries) {
        const i = Number(itemId.slice(4));
        expect(i % 7).not.toBe(0);
        expect(score).toBe(attrs.popularity[i]);
        expect(score).toBeGreaterThan(0);
      }
    }
    // Every level has a list: the leaves and their parents (whose lists hold their children's items).
    expect(Object.keys(lists.byCategory).sort()).toEqual([...USED_CATEGORIES, 'home', 'tech'].sort());
    for (const [cat, entries] of Object.entries(lists.byCategory)) {
      for (const { itemId, category } of entries) {
        expect(category).toBe(USED_CATEGORIES[Number(itemId.slice(4)) % 4]);
        expect(category === cat || category?.startsWith(`${cat}/`)).toBe(true);
      }
    }
    expect(new Set(lists.byCategory.home?.map((e) => e.category))).toEqual(
      new Set(['home/kitchen', 'home/bath']),
    );
  });

  it('publishes the item Gramian YᵀY as raw little-endian f32', async () => {
    const g = decodeGramian(await readBlob(store, art.foldIn.gramian), DIM);
    for (const [a, b] of [
      [0, 0],
      [2, 5],
      [7, 3],
    ] as const) {
      let want = 0;
      for (let i = 0; i < 900; i++)
        want += (model.itemFactors[i * DIM + a] as number) * (model.itemFactors[i * DIM + b] as number);
      expect(g[a * DIM + b]).toBeCloseTo(want, 2);
    }
    expect(art.foldIn).toMatchObject(foldIn);
  });

  it('gives the reference fold-in what it needs to solve the iALS normal equations', async () => {
    const g = decodeGramian(await readBlob(store, art.foldIn.gramian), DIM);
    const rows = [3, 40, 41];
    const weights = [1, 2, 8];
    const vectors = new Float32Array(rows.length * DIM);
    for (const [s, r] of rows.entries())
      vectors.set(model.itemFactors.subarray(r * DIM, (r + 1) * DIM), s * DIM);
    const x = referenceFoldIn(
      { ...art.foldIn, dim: DIM, gramian: g, numItems: art.items.count },
      vectors,
      weights,
    );
    // Residual of (α0·G + Σ c·y yᵀ + reg·I) x = Σ c·y must vanish.
    const reg = 0.05 * (3 + 0.05 * 900);
    for (let p = 0; p < DIM; p++) {
      let lhs = reg * (x[p] as number);
      for (let q = 0; q < DIM; q++) lhs += 0.05 * (g[p * DIM + q] as number) * (x[q] as number);
      let rhs = 0;
      rows.forEach((r, s) => {
        const c = 1 + (weights[s] as number);
        let yx = 0;
        for (let q = 0; q < DIM; q++) yx += (model.itemFactors[r * DIM + q] as number) * (x[q] as number);
        lhs += c * (model.itemFactors[r * DIM + p] as number) * yx;
        rhs += c * (model.itemFactors[r * DIM + p] as number);
      });
      expect(lhs).toBeCloseTo(rhs, 4);
    }
  });

  it('calibrates the default nprobe on user vectors to the target recall', () => {
    expect(art.stats.calibratedRecall).toBeGreaterThanOrEqual(0.95);
    expect(art.items.index.defaultNprobe).toBe(art.stats.nprobe);
    expect(art.stats.calibrationQueries).toBe(200);
  });
});
