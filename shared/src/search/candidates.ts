/**
 * One top-k heap across every scanned list: rows are numbered consecutively over the lists in
 * scan order, so a list costs no heap of its own and no per-list merge, and the winners map back
 * to (list, row) by binary search over the lists' first numbers.
 *
 * Duplicates (an id stored in two lists) never come from the batch builder, which partitions
 * items, but a search must not return one twice: when the winners repeat an id, the heap is
 * enlarged by the number of repeats and the lists rescanned, until k distinct ids are found or
 * no rows are left.
 */
import type { Shard } from '#shared/codec';
import { TopK } from '#shared/scoring';
import { exactScore, type RowFilter, scanInto } from './scanner.ts';

/** One inverted list ready to scan: its rows, the request's row filter, its f32 rerank copy. */
export interface ScanList {
  shard: Shard;
  keep: RowFilter | undefined;
  /** f32 copy of a quantised list, for the exact rerank (undefined for f32 lists). */
  rerank: Shard | undefined;
}

export interface Candidate<L extends ScanList> {
  list: L;
  row: number;
  itemId: string;
  score: number;
}

export class CandidatePool<L extends ScanList> {
  private heap: TopK;
  private readonly lists: L[] = [];
  private readonly starts: number[] = [];
  private rows = 0;

  constructor(
    private size: number,
    private readonly query: Float32Array,
  ) {
    this.heap = new TopK(size);
  }

  /** Lists scanned so far. */
  get listCount(): number {
    return this.lists.length;
  }

  /** Rows of the lists scanned so far (filtered-out rows included: they were visited). */
  get scannedRows(): number {
    return this.rows;
  }

  /** Scans `list` into the pool. */
  add(list: L): void {
    this.lists.push(list);
    this.starts.push(this.rows);
    scanInto(this.heap, list.shard, this.query, list.keep, this.rows);
    this.rows += list.shard.count;
  }

  /** How many candidates the heap holds (before removing duplicate ids). */
  get held(): number {
    return this.heap.size;
  }

  /** The best distinct candidates, best first (at most the pool size). */
  best(): Candidate<L>[] {
    for (;;) {
      const { indices, scores } = this.heap.results();
      const seen = new Set<string>();
      const out: Candidate<L>[] = [];
      for (let i = 0; i < indices.length; i++) {
        const c = this.locate(indices[i] as number, scores[i] as number);
        if (seen.has(c.itemId)) continue;
        seen.add(c.itemId);
        out.push(c);
      }
      const repeats = indices.length - out.length;
      if (repeats === 0 || indices.length < this.size) return out;
      this.size += repeats;
      this.heap = new TopK(this.size);
      this.lists.forEach((list, j) => {
        scanInto(this.heap, list.shard, this.query, list.keep, this.starts[j] as number);
      });
    }
  }

  private locate(index: number, score: number): Candidate<L> {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    const list = this.lists[lo] as L;
    const row = index - (this.starts[lo] as number);
    return { list, row, itemId: list.shard.ids[row] as string, score };
  }
}

/**
 * The top `k` of `winners`, re-scored exactly (from each list's f32 rerank copy when it has
 * one, else from its own rows with f64 sums) and re-sorted: score desc, ties to the smaller id.
 * The scan's f32 block sums decide who is a candidate; the answer's scores do not depend on
 * which kernel ran.
 *
 * @example
 * const top = finalTopK(pool.best(), query, 10);
 */
export function finalTopK<L extends ScanList>(
  winners: Candidate<L>[],
  query: Float32Array,
  k: number,
): Candidate<L>[] {
  // Spelled out, not spread: a spread clone was a tenth of a warm search's time in workerd.
  const ranked = winners
    .map(({ list, row, itemId }) => ({
      list,
      row,
      itemId,
      score: exactScore(list.rerank ?? list.shard, row, query),
    }))
    .sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  return ranked.length > k ? ranked.slice(0, k) : ranked;
}
