/**
 * Grouping helpers shared by the flat and two-level IVF builders: rows per label, and the
 * centroid (mean, unit-normalised for 'cosine') of a set of rows.
 */
import { type Matrix, normalizeRows } from './kernels.ts';
import type { KmeansMetric } from './kmeans.ts';

/** Row numbers per label (ascending within each), for labels in [0, k). */
export function groupByLabel(labels: Int32Array, k: number): Int32Array[] {
  const counts = new Int32Array(k);
  for (const l of labels) counts[l] = (counts[l] as number) + 1;
  const lists = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as number;
    (lists[l] as Int32Array)[fill[l] as number] = i;
    fill[l] = (fill[l] as number) + 1;
  }
  return lists;
}

/**
 * The centroid of a whole matrix: its mean; for 'cosine' the unit mean of the unit rows, for
 * 'ip' the unit mean of the rows as they are (longer rows weigh more, as in FAISS).
 */
export function meanRow(m: Matrix, metric: KmeansMetric): Float32Array {
  const acc = new Float64Array(m.dim);
  if (metric === 'cosine') m = normalizeRows({ ...m, data: m.data.slice() });
  for (let r = 0; r < m.rows; r++) {
    for (let d = 0; d < m.dim; d++) acc[d] = (acc[d] as number) + (m.data[r * m.dim + d] as number);
  }
  const mean: Matrix = { data: Float32Array.from(acc, (v) => v / m.rows), rows: 1, dim: m.dim };
  return metric === 'l2' ? mean.data : normalizeRows(mean).data;
}
