/**
 * Loading one IVF list for a search: its shard, its metadata and (for a quantised index) its
 * f32 rerank copy, checked against the manifest and against each other, with the request's
 * filters bound to its rows. Lists already decoded in the isolate are taken without waiting.
 *
 * The manifest's list refs reach the edge unchecked (`ManifestHead`: a cold isolate must not
 * validate thousands of refs to read two), so each is checked against `IvfList` here, the first
 * time a search touches it, before any of its keys is read.
 */
import { AppError } from '#shared/errors';
import { IvfList, type ShardMetadata, zodError } from '#shared/schemas';
import type { ScanList } from '#shared/search';
import type { LoadedShard } from '../shards/index.ts';
import { type ItemFilter, metadataMatches, rowFilter } from './filters.ts';
import type { SearchDeps } from './search.ts';

/** A list ready for the shared scanner, with the categories the answer reports. */
export interface LoadedList extends ScanList {
  categories: readonly (string | null)[];
  /** Per row, when the item entered the catalogue (absent: the catalogue has no such signal). */
  addedAt: readonly (string | null)[] | undefined;
}

export interface ListContext {
  dim: number;
  filter: ItemFilter;
  deps: SearchDeps;
  quantized: boolean;
}

/** List refs that passed `IvfList` (the manifest objects themselves: checked once per isolate). */
const checked = new WeakSet<object>();

function listRef(listNo: number, ctx: ListContext): IvfList {
  const list = ctx.deps.index.lists[listNo];
  if (list === undefined) throw new AppError('corrupt', `no IVF list ${listNo}`);
  if (checked.has(list)) return list;
  const parsed = IvfList.safeParse(list);
  if (!parsed.success) {
    throw zodError(parsed.error, 'corrupt', 'manifest', { at: `items.index.lists.${listNo}` });
  }
  checked.add(list);
  return list;
}

/** Checks that the blobs of a list agree with the manifest and each other, then binds filters. */
function assemble(
  listNo: number,
  ctx: ListContext,
  shard: LoadedShard,
  meta: ShardMetadata,
  rerank: LoadedShard | undefined,
): LoadedList {
  const list = listRef(listNo, ctx);
  const { count } = shard.shard;
  if (shard.shard.dim !== ctx.dim || count !== list.count || !metadataMatches(meta, count)) {
    throw new AppError(
      'corrupt',
      `IVF list ${listNo} does not match the manifest (rows, dim or metadata length)`,
      {
        key: list.shard.key,
      },
    );
  }
  if (rerank !== undefined && (rerank.shard.count !== count || rerank.shard.dim !== ctx.dim)) {
    throw new AppError('corrupt', `rerank copy of IVF list ${listNo} has the wrong shape`, {
      key: list.rerank?.key,
    });
  }
  return {
    shard: shard.shard,
    categories: meta.category,
    addedAt: meta.addedAt,
    keep: rowFilter(ctx.filter, shard.shard.ids, meta),
    rerank: rerank?.shard,
  };
}

/** The list if every blob it needs is already decoded in the isolate, else undefined. */
export function peekList(listNo: number, ctx: ListContext): LoadedList | undefined {
  const { store } = ctx.deps;
  const list = listRef(listNo, ctx);
  const shard = store.peekShard(list.shard);
  const meta = store.peekMetadata(list.metadata);
  const needsRerank = ctx.quantized && list.rerank !== undefined;
  const rerank = needsRerank && list.rerank !== undefined ? store.peekShard(list.rerank) : undefined;
  if (shard === undefined || meta === undefined || (needsRerank && rerank === undefined)) return undefined;
  return assemble(listNo, ctx, shard, meta, rerank);
}

/** Loads (through the shard store) and checks list `listNo`. */
export async function loadList(listNo: number, ctx: ListContext): Promise<LoadedList> {
  const { store, scope } = ctx.deps;
  const list = listRef(listNo, ctx);
  // Settled, not raced: a failed blob must not leave its siblings' loads behind unawaited.
  const [shard, meta, rerank] = await Promise.allSettled([
    store.shard(list.shard, scope),
    store.metadata(list.metadata, scope),
    ctx.quantized && list.rerank !== undefined ? store.shard(list.rerank, scope) : undefined,
  ]);
  for (const part of [shard, meta, rerank]) if (part.status === 'rejected') throw part.reason;
  return assemble(
    listNo,
    ctx,
    (shard as PromiseFulfilledResult<LoadedShard>).value,
    (meta as PromiseFulfilledResult<ShardMetadata>).value,
    (rerank as PromiseFulfilledResult<LoadedShard | undefined>).value,
  );
}
