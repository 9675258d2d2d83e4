/**
 * Reference IVF search in batch, over the very shard bytes that are published: route the
 * query to the `nprobe` centroids with the highest q·c, scan those lists in their stored dtype,
 * keep `k · rerankFactor` candidates, rescore them exactly from the f32 rerank copy when there
 * is one, return the top k. It mirrors what the edge does so that recall@k measured here
 * (against exact brute force on the same f32 vectors) is the recall the edge delivers.
 */
import { decodeShard, type Shard, shardRowDot } from '#shared/codec';
import { unwrap } from '#shared/errors';
import { dot, TopK, topK } from '#shared/scoring';
import type { Matrix } from './kernels.ts';
import type { ListBlobs } from './quantize.ts';

export interface SearchParams {
  k: number;
  nprobe: number;
  /** Candidates kept per result before the exact rerank (default 4; ignored without rerank). */
  rerankFactor?: number;
}

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Item rows scanned (sum of probed list sizes). */
  scanned: number;
}

/** Candidates are numbered probe · ROW_SPAN + row, so a list holds fewer rows than this. */
const ROW_SPAN = 0x100000;

interface DecodedList {
  shard: Shard;
  rerank: Float32Array | undefined;
}

/** An IVF index decoded from its published blobs, ready to answer queries. */
export class IvfSearcher {
  readonly dim: number;
  readonly size: number;
  private readonly lists: DecodedList[];

  /** Decodes (and so validates) every list blob; throws AppError('corrupt') on a bad one. */
  constructor(
    private readonly centroids: Matrix,
    blobs: readonly ListBlobs[],
  ) {
    this.dim = centroids.dim;
    this.lists = blobs.map((b) => ({
      shard: unwrap(decodeShard(b.shard)),
      rerank: b.rerank === undefined ? undefined : (unwrap(decodeShard(b.rerank)).data as Float32Array),
    }));
    this.size = this.lists.reduce((n, l) => n + l.shard.count, 0);
    if (this.lists.some((l) => l.shard.count >= ROW_SPAN))
      throw new RangeError(`a list holds ${ROW_SPAN} rows or more`);
  }

  /**
   * Approximate top-k by inner product.
   *
   * @example
   * const { hits, scanned } = searcher.search(userVector, { k: 10, nprobe: 8 });
   */
  search(query: Float32Array, params: SearchParams): SearchResult {
    const { k } = params;
    if (params.nprobe > 2047) throw new RangeError(`nprobe ${params.nprobe} exceeds 2047`);
    const probes = topK(query, this.centroids.data, this.dim, Math.min(params.nprobe, this.centroids.rows));
    const lossy = this.lists.some((l) => l.shard.dtype !== 'f32' && l.rerank !== undefined);
    const keep = lossy ? k * (params.rerankFactor ?? 4) : k;
    const heap = new TopK(keep);
    let scanned = 0;
    for (let p = 0; p < probes.indices.length; p++) {
      const { shard } = this.lists[probes.indices[p] as number] as DecodedList;
      scanned += shard.count;
      for (let r = 0; r < shard.count; r++) heap.push(p * ROW_SPAN + r, shardRowDot(shard, r, query));
    }
    const found = heap.results();
    const final = lossy ? new TopK(k) : null;
    const hits: SearchHit[] = [];
    for (let i = 0; i < found.indices.length; i++) {
      const c = found.indices[i] as number;
      const p = Math.floor(c / ROW_SPAN);
      const r = c % ROW_SPAN;
      const list = this.lists[probes.indices[p] as number] as DecodedList;
      if (final === null) {
        hits.push({ id: list.shard.ids[r] as string, score: found.scores[i] as number });
      } else {
        const exact =
          list.rerank === undefined
            ? (found.scores[i] as number)
            : dot(query, 0, list.rerank, r * this.dim, this.dim);
        final.push(c, exact);
      }
    }
    if (final === null) return { hits, scanned };
    const best = final.results();
    for (let i = 0; i < best.indices.length; i++) {
      const c = best.indices[i] as number;
      const list = this.lists[probes.indices[Math.floor(c / ROW_SPAN)] as number] as DecodedList;
      hits.push({ id: list.shard.ids[c % ROW_SPAN] as string, score: best.scores[i] as number });
    }
    return { hits, scanned };
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
