/**
 * One top-k heap across every scanned list: rows are numbered consecutively over the lists in
 * scan order, so a list costs no heap of its own and no per-list merge, and the winners map back
 * to (list, row) by binary search over the lists' first numbers.
 *
 * Duplicates (an id stored in two lists) never come from the batch builder, which partitions
 * items, but the edge must not return one twice: when the winners repeat an id, the heap is
 * enlarged by the number of repeats and the lists rescanned, until k distinct ids are found or
 * no rows are left.
 */
import { TopK } from '#shared/scoring';
import type { LoadedShard } from '../shards/index.ts';
import { type RowFilter, scanInto } from './scanner.ts';

export interface ScannableList {
  shard: LoadedShard;
  keep: RowFilter | undefined;
}

export interface Candidate<L extends ScannableList> {
  list: L;
  row: number;
  itemId: string;
  score: number;
}

export class CandidatePool<L extends ScannableList> {
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

  /** Scans `list` into the pool. */
  add(list: L): void {
    this.lists.push(list);
    this.starts.push(this.rows);
    scanInto(this.heap, list.shard.shard, this.query, list.keep, this.rows);
    this.rows += list.shard.shard.count;
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
        scanInto(this.heap, list.shard.shard, this.query, list.keep, this.starts[j] as number);
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
    return { list, row, itemId: list.shard.shard.ids[row] as string, score };
  }
}
