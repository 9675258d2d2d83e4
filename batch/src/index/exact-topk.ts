/**
 * Exact top-k rows by inner product for a batch of queries: the ground truth of nprobe
 * calibration. Items are walked in blocks of `KERNEL_BLOCK_ROWS` rows and every query is scored
 * against a block while it is resident in the scan kernel's memory (WebAssembly SIMD), so each
 * block is copied into the kernel once per batch of queries instead of once per query, and the
 * products run at SIMD speed instead of the scalar `topK` loop (docs/benchmarks.md, index-build).
 * Order follows `TopK`: score desc, ties to the lower row; scores are the kernel's f32 products,
 * the ones the edge ranks by.
 */
import { TopK } from '#shared/scoring';
import { KERNEL_BLOCK_ROWS, scanKernel } from '#shared/search';
import type { Matrix } from './kernels.ts';
import { installScanKernel } from './scan-kernel.ts';

/**
 * For queries [from, to): the rows of their exact top-k, best first, `k` per query
 * (row-major, `(to − from) × k`; fewer than k rows only when `items` has fewer).
 *
 * @example
 * const truth = exactTopRows(items, queries, 10); // truth[q * 10 + i]: the i-th best row of query q
 */
export function exactTopRows(
  items: Matrix,
  queries: Matrix,
  k: number,
  from = 0,
  to = queries.rows,
): Int32Array {
  installScanKernel();
  const kernel = scanKernel();
  const { dim } = items;
  const kk = Math.min(k, items.rows);
  const heaps = Array.from({ length: to - from }, () => new TopK(kk));
  const rowsQ = Array.from({ length: to - from }, (_, i) =>
    queries.data.subarray((from + i) * dim, (from + i + 1) * dim),
  );
  for (let start = 0; start < items.rows; start += KERNEL_BLOCK_ROWS) {
    const end = Math.min(items.rows, start + KERNEL_BLOCK_ROWS);
    // One view per block: the kernel keeps a block resident by the identity of its array.
    const block = items.data.subarray(start * dim, end * dim);
    for (let q = 0; q < heaps.length; q++) {
      const heap = heaps[q] as TopK;
      heap.pushBlock(kernel.scoreF32(rowsQ[q] as Float32Array, block, dim, 0, end - start), start);
    }
  }
  const out = new Int32Array(heaps.length * k).fill(-1);
  heaps.forEach((heap, q) => {
    out.set(heap.results().indices, q * k);
  });
  return out;
}
