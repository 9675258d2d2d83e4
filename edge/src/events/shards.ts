/**
 * Routes accepted events to their buffers: by hash of eventId (the same FNV-1a the model shards
 * use), so every copy of one id meets the same `seen` table, and a batch fans out to at most
 * EVENTS_BUFFER_SHARDS buffers in parallel.
 */
import { AppError } from '#shared/errors';
import { bucketOf } from '#shared/sharding';
import type { IngestResult } from './buffer.ts';
import type { ValidEvent } from './validate.ts';

/** Durable Object name of buffer `shard`. */
export const bufferName = (shard: number): string => `events-${shard}`;

/**
 * Hands `events` to their buffers and sums the answers. If any buffer fails, the whole call
 * fails (`unavailable`): the client retries the batch, and the buffers that did store their
 * part report those events as duplicates.
 *
 * @example
 * const { accepted, duplicates } = await bufferEvents(env.EVENT_BUFFER, valid, 8);
 */
export async function bufferEvents(
  namespace: Env['EVENT_BUFFER'],
  events: readonly ValidEvent[],
  shards: number,
): Promise<IngestResult> {
  const byShard = new Map<number, ValidEvent[]>();
  for (const e of events) {
    const shard = bucketOf(e.eventId, shards);
    const list = byShard.get(shard);
    if (list === undefined) byShard.set(shard, [e]);
    else list.push(e);
  }
  try {
    const results = await Promise.all(
      [...byShard].map(([shard, list]) =>
        namespace.get(namespace.idFromName(bufferName(shard))).ingest(list),
      ),
    );
    return results.reduce(
      (sum, r) => ({ accepted: sum.accepted + r.accepted, duplicates: sum.duplicates + r.duplicates }),
      {
        accepted: 0,
        duplicates: 0,
      },
    );
  } catch (cause) {
    throw new AppError(
      'unavailable',
      'events could not be stored; retry the batch (retries are deduplicated)',
      {
        cause,
      },
    );
  }
}
