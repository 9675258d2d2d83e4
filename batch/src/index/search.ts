/**
 * Reference IVF search in batch, over the very shard bytes that are published: route the
 * query to the `nprobe` centroids with the highest q·c, scan those lists in their stored dtype,
 * keep `k · rerankFactor` candidates, rescore them exactly from the f32 rerank copy when there
 * is one, return the top k. It runs the edge's own search code (shared/src/search), so recall@k
 * measured here (against exact brute force on the same f32 vectors) is the recall the edge
 * delivers.
 */
import { decodeShard } from '#shared/codec';
import { unwrap } from '#shared/errors';
import { topK } from '#shared/scoring';
import {
  CandidatePool,
  finalTopK,
  poolSize,
  type ScanList,
  type SearchParams,
  topLists,
} from '#shared/search';
import type { Matrix } from './kernels.ts';
import type { ListBlobs } from './quantize.ts';
import { installScanKernel } from './scan-kernel.ts';

export type { SearchParams } from '#shared/search';

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Item rows scanned (sum of probed list sizes). */
  scanned: number;
}

/** An IVF index decoded from its published blobs, ready to answer queries. */
export class IvfSearcher {
  readonly dim: number;
  readonly size: number;
  private readonly lists: ScanList[];
  private readonly reranked: boolean;

  /** Decodes (and so validates) every list blob; throws AppError('corrupt') on a bad one. */
  constructor(
    private readonly centroids: Matrix,
    blobs: readonly ListBlobs[],
  ) {
    installScanKernel();
    this.dim = centroids.dim;
    this.lists = blobs.map((b) => ({
      shard: unwrap(decodeShard(b.shard)),
      keep: undefined,
      rerank: b.rerank === undefined ? undefined : unwrap(decodeShard(b.rerank)),
    }));
    this.size = this.lists.reduce((n, l) => n + l.shard.count, 0);
    this.reranked = this.lists.some((l) => l.shard.dtype !== 'f32' && l.rerank !== undefined);
  }

  /**
   * Approximate top-k by inner product, through the shared router, scanner and rerank.
   *
   * @example
   * const { hits, scanned } = searcher.search(userVector, { k: 10, nprobe: 8 });
   */
  search(query: Float32Array, params: SearchParams): SearchResult {
    const { data, dim, rows } = this.centroids;
    const order = topLists({ data, dim, count: rows }, query, Math.max(1, params.nprobe));
    const pool = new CandidatePool<ScanList>(poolSize(params, this.reranked), query);
    for (const list of order) pool.add(this.lists[list] as ScanList);
    const hits = finalTopK(pool.best(), query, params.k).map((c) => ({
      id: c.itemId,
      score: c.score,
    }));
    return { hits, scanned: pool.scannedRows };
  }
}

/** Exact top-k ids by inner product over all rows (the ground truth for recall). */
export function exactTopIds(query: Float32Array, items: Matrix, ids: readonly string[], k: number): string[] {
  const { indices } = topK(query, items.data, items.dim, k);
  return Array.from(indices, (r) => ids[r] as string);
}

/** |found ∩ truth| / |truth|. */
export function recallOf(found: readonly string[], truth: readonly string[]): number {
  if (truth.length === 0) return 1;
  const want = new Set(truth);
  let hit = 0;
  for (const id of found) if (want.has(id)) hit++;
  return hit / truth.length;
}
