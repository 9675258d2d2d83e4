/**
 * Reading decoded shards in f32: `dequantize` widens a whole shard (batch evaluation, tests),
 * `shardRowDot` scores one row in its stored dtype without widening it first (the edge scanner
 * calls it per candidate row, so it allocates nothing).
 */
import { decodeF16, f16Table } from './f16.ts';
import { dequantizeInt8 } from './int8.ts';
import type { Shard } from './shard.ts';

/**
 * All rows of `shard` as f32 (`count × dim`, row-major). For f32 shards this returns the
 * shard's own array (no copy); f16 is exact, int8 is `code × scale`.
 *
 * @example
 * const rows = dequantize(unwrap(decodeShard(bytes)));
 */
export function dequantize(shard: Shard): Float32Array {
  if (shard.dtype === 'f32') return shard.data;
  if (shard.dtype === 'f16') return decodeF16(shard.data);
  return dequantizeInt8(shard.data, shard.scales, shard.dim);
}

/**
 * Dot product of row `row` of `shard` with `query` (length ≥ dim), computed from the stored
 * dtype: f16 through a 65 536-entry lookup table, int8 as scale · Σ code·query.
 * O(dim). Throws RangeError for a row outside [0, count) (programmer error).
 *
 * @example
 * const score = shardRowDot(shard, 3, queryVector);
 */
export function shardRowDot(shard: Shard, row: number, query: Float32Array): number {
  const { dim } = shard;
  if (!(row >= 0 && row < shard.count) || !Number.isInteger(row)) {
    throw new RangeError(`row ${row} is outside the shard's ${shard.count} rows`);
  }
  if (query.length < dim) throw new RangeError(`query has ${query.length} values, shard dim is ${dim}`);
  const base = row * dim;
  let sum = 0;
  if (shard.dtype === 'f32') {
    const d = shard.data;
    for (let j = 0; j < dim; j++) sum += (d[base + j] as number) * (query[j] as number);
    return sum;
  }
  if (shard.dtype === 'f16') {
    const d = shard.data;
    const t = f16Table();
    for (let j = 0; j < dim; j++) sum += (t[d[base + j] as number] as number) * (query[j] as number);
    return sum;
  }
  const d = shard.data;
  for (let j = 0; j < dim; j++) sum += (d[base + j] as number) * (query[j] as number);
  return sum * (shard.scales[row] as number);
}
