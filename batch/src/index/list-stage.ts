/**
 * List stage of the index build: each IVF list's shard, metadata and (optional) f32 rerank
 * copy. Lists are encoded in order and their blobs written `WRITE_CONCURRENCY` at a time; each
 * list's manifest entry lands at its own index, so the result does not depend on which write
 * finishes first.
 */
import type { Manifest } from '#shared/schemas';
import type { BlobSink, BuildIndexOptions, EmbeddingModel } from './build.ts';
import { InFlight, WRITE_CONCURRENCY } from './in-flight.ts';
import type { Matrix } from './kernels.ts';
import { encodeMetadata, listMetadata } from './metadata.ts';
import { encodeList } from './quantize.ts';

type ListEntry = Manifest['items']['index']['lists'][number];

/**
 * Stores every list's blobs and returns their manifest entries, in list order.
 *
 * @example
 * const { lists } = await putLists(model, items, ivf.lists, options, sink);
 */
export async function putLists(
  model: EmbeddingModel,
  items: Matrix,
  ivfLists: readonly Int32Array[],
  options: BuildIndexOptions,
  sink: BlobSink,
): Promise<{ lists: ListEntry[]; largest: number; totalBytes: number }> {
  const { config, attrs, onProgress } = options;
  const lists: ListEntry[] = new Array(ivfLists.length);
  const writes = new InFlight(WRITE_CONCURRENCY);
  let largest = 0;
  let totalBytes = 0;
  let done = 0;
  for (let j = 0; j < ivfLists.length; j++) {
    const rows = ivfLists[j] as Int32Array;
    const blobs = encodeList(model.itemIds, items, rows, config.dtype, config.rerank);
    const metadata = encodeMetadata(listMetadata(attrs, rows));
    largest = Math.max(largest, blobs.shard.length, blobs.rerank?.length ?? 0);
    totalBytes += blobs.shard.length;
    await writes.run(async () => {
      const [shard, meta, rerank] = await Promise.all([
        sink(blobs.shard),
        sink(metadata),
        blobs.rerank === undefined ? undefined : sink(blobs.rerank),
      ]);
      const entry: ListEntry = { count: rows.length, shard, metadata: meta };
      if (rerank !== undefined) entry.rerank = rerank;
      lists[j] = entry;
      onProgress?.('lists', ++done, ivfLists.length);
    });
  }
  await writes.drain();
  return { lists, largest, totalBytes };
}
