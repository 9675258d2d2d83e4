/**
 * `bench:edge` datasets: seeded clustered vectors (the same mixture as `bench:index`: one
 * cluster per 200 items, noise 0.6 of the centre norm, log-normal norms), published as a real
 * manifest by the batch index builder and publisher, so the Worker under test reads exactly
 * what production would. Users (for the HTTP route) and queries are independent draws from the
 * same mixture. A store already built for the same shape is reused.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IndexConfig, type Manifest } from '#shared/schemas';
import { defaultFoldIn, syntheticAttributes } from '../../batch/bench/fixtures/synthetic-index.ts';
import { buildIndex, type EmbeddingModel, type IndexStats } from '../../batch/src/index/build.ts';
import { clusteredVectors } from '../../batch/src/index/clustered.ts';
import type { Matrix } from '../../batch/src/index/kernels.ts';
import { publish } from '../../batch/src/publish/publish.ts';
import { readCurrent } from '../../batch/src/publish/read.ts';
import { FsStore } from '../../batch/src/storage/index.ts';

export interface BenchDataset {
  name: string;
  rows: number;
  dim: number;
  items: Matrix;
  ids: string[];
  queries: Matrix;
  userIds: string[];
  store: FsStore;
  manifest: Manifest;
  /** Null when the store was reused. */
  indexStats: IndexStats | null;
  buildSeconds: number | null;
}

export const DIM = 64;
/**
 * Spherical inner-product lists: on this mixture (clusters of similar norms) they need a
 * fraction of the rows Euclidean lists need for the same recall; MF embeddings are the other
 * way round, hence not the default (bench:index, "layouts").
 */
const METRIC = 'ip';
const USERS = 5_000;
/** Bumped when the default layout or the published format changes, so an older store is rebuilt. */
const LAYOUT_VERSION = 'v4';

/** `100k`, `1m` → rows. */
export function parseSize(size: string): number {
  const m = /^(\d+)([km])$/i.exec(size.trim());
  if (m === null) throw new Error(`size must look like 100k or 1m, got ${size}`);
  return Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1_000 : 1_000_000);
}

/** The vectors of a bench dataset (before publishing): items, queries, users, ids. */
type BenchVectors = Omit<BenchDataset, 'store' | 'manifest' | 'indexStats' | 'buildSeconds'> & {
  users: Matrix;
  mixture: Record<string, number>;
};

function benchVectors(rows: number, queryCount: number): BenchVectors {
  const mixture = { rows, dim: DIM, clusters: Math.round(rows / 200), spread: 0.6, seed: 7 };
  return {
    name: `${rows >= 1e6 ? `${rows / 1e6}M` : `${rows / 1e3}k`} × ${DIM}`,
    rows,
    dim: DIM,
    items: clusteredVectors(mixture, 'items'),
    queries: clusteredVectors({ ...mixture, rows: queryCount }, 'queries'),
    users: clusteredVectors({ ...mixture, rows: USERS }, 'users'),
    ids: Array.from({ length: rows }, (_, i) => `sku-${i}`),
    userIds: Array.from({ length: USERS }, (_, i) => `u${i}`),
    mixture,
  };
}

/** Builds the index of `v` with the batch code and publishes it to `store` as `version`. */
async function publishBench(v: BenchVectors, store: FsStore, version: string): Promise<IndexStats> {
  const { rows } = v;
  const model: EmbeddingModel = {
    dim: DIM,
    userIds: v.userIds,
    itemIds: v.ids,
    userFactors: v.users.data,
    itemFactors: v.items.data,
  };
  const attrs = syntheticAttributes(rows);
  const foldIn = defaultFoldIn();
  let stats: IndexStats | undefined;
  await publish(
    store,
    async (putBlob) => {
      const art = await buildIndex(model, putBlob, {
        config: IndexConfig.parse({ metric: METRIC }),
        attrs,
        foldIn,
      });
      stats = art.stats;
      return {
        model: {
          kind: 'mf',
          algorithm: 'synthetic-clustered',
          dim: DIM,
          backend: 'none',
          config: { mixture: v.mixture },
          metrics: {},
          data: { users: USERS, items: rows, interactions: 0 },
        },
        items: art.items,
        users: art.users,
        foldIn: art.foldIn,
        fallback: art.fallback,
      };
    },
    { version },
  );
  if (stats === undefined) throw new Error('bench index was published without build statistics');
  return stats;
}

/**
 * Vectors for `rows` items, published under `<dir>/store` (built once, then reused).
 *
 * @example
 * const ds = await benchDataset(100_000, 200, 'var/bench-edge/100k', console.error);
 */
export async function benchDataset(
  rows: number,
  queryCount: number,
  dir: string,
  log: (s: string) => void,
): Promise<BenchDataset> {
  const vectors = benchVectors(rows, queryCount);
  const { users: _users, mixture: _mixture, ...v } = vectors;
  const store = new FsStore(join(dir, 'store'));
  const version = `bench-${rows}-${DIM}-${LAYOUT_VERSION}-${METRIC}`;
  const existing = existsSync(store.root) ? await readCurrent(store).catch(() => null) : null;
  if (existing !== null && existing.manifest.version === version) {
    log(`[${v.name}] reusing published index in ${store.uri}`);
    return { ...v, store, manifest: existing.manifest, indexStats: null, buildSeconds: null };
  }
  log(`[${v.name}] building the IVF index and publishing to ${store.uri}…`);
  const t0 = performance.now();
  const indexStats = await publishBench(vectors, store, version);
  const buildSeconds = (performance.now() - t0) / 1000;
  const current = await readCurrent(store);
  if (current === null) throw new Error('bench store has no current manifest after publishing');
  log(
    `[${v.name}] published in ${buildSeconds.toFixed(1)} s: ${current.manifest.items.index.lists.length} lists`,
  );
  return { ...v, store, manifest: current.manifest, indexStats, buildSeconds };
}

/**
 * Writes the vectors and queries as raw little-endian f32 (plus ids and exact top-10 rows) so
 * other engines can be run on exactly the same data.
 *
 * @example
 * await dumpDataset(ds, truthRows, 'var/bench-edge/100k/dump');
 */
export async function dumpDataset(ds: BenchDataset, truth: Int32Array[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const bytes = (m: Matrix) => new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  const files = {
    [`items.${ds.rows}x${ds.dim}.f32`]: bytes(ds.items),
    [`queries.${ds.queries.rows}x${ds.dim}.f32`]: bytes(ds.queries),
    'item-ids.txt': new TextEncoder().encode(`${ds.ids.join('\n')}\n`),
    'truth-top10.json': new TextEncoder().encode(JSON.stringify(truth.map((t) => Array.from(t)))),
  };
  for (const [file, data] of Object.entries(files)) await writeFile(join(dir, file), data);
  return Object.keys(files).map((f) => join(dir, f));
}
