/**
 * `search()`: approximate maximum-inner-product top-k over the IVF index.
 *
 *   route (rank centroids) → fetch the best `nprobe` lists (in parallel, through the shard
 *   store; lists already decoded in the isolate are taken without waiting) → scan each with
 *   the business filters into one heap → distinct winners → exact rerank when quantised.
 *
 * Probing widens beyond `nprobe` in two cases, in rounds: a list failed to load (the next best
 * list takes its place, and the failure is reported so the answer can say it is degraded), or
 * filters left fewer than k hits (double the lists, up to all of them). With `nprobe` ≥ the
 * number of lists the search is exact.
 */
import { AppError } from '#shared/errors';
import type { Manifest } from '#shared/schemas';
import { CandidatePool, finalTopK, poolSize, type SearchParams, topLists } from '#shared/search';
import type { RequestScope } from '../../lib/index.ts';
import type { RecommendTiming } from '../observability/timing.ts';
import type { ShardStore } from '../shards/index.ts';
import type { ItemFilter } from './filters.ts';
import './kernel.ts';
import { ioFailure } from '#shared/errors';
import { rowVector } from '../personalisation/index.ts';
import { type ListContext, type LoadedList, loadList, peekList } from './lists.ts';

export interface SearchHit {
  itemId: string;
  score: number;
  category: string | undefined;
  /** The item's vector as scored (f32 rerank copy when there is one): for reranking and reasons. */
  vector: Float32Array;
  /** When the item entered the catalogue, if the list metadata says. */
  addedAt: string | undefined;
}

/** `SearchParams` plus how many ranked candidates to return (default k; more for a rerank). */
export interface EdgeSearchParams extends SearchParams {
  candidates?: number | undefined;
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** Lists scanned successfully. */
  probed: number;
  /** Item rows in the lists scanned (rows the filters rejected included). */
  scanned: number;
  /** Lists that could not be loaded (corrupt, missing, unavailable). */
  failures: AppError[];
}

export interface SearchDeps {
  index: Manifest['items']['index'];
  store: ShardStore;
  scope: RequestScope;
  timing: RecommendTiming;
}

/**
 * Top-k items for `query` under `filter`. Rejects (with the first failure) only when no list at
 * all could be scanned; partial failures are returned in `failures`.
 *
 * @example
 * const { hits } = await search(userVec, { k: 10, nprobe: 8 }, filter, { index, store, scope, timing });
 */
export async function search(
  query: Float32Array,
  params: EdgeSearchParams,
  filter: ItemFilter,
  deps: SearchDeps,
): Promise<SearchOutcome> {
  const { index, store, scope, timing } = deps;
  const centroids =
    store.peekShard(index.centroids) ??
    (await timing.measure('route', () => store.shard(index.centroids, scope)));
  const nlist = index.lists.length;
  if (centroids.shard.count !== nlist || centroids.shard.dim !== query.length) {
    throw new AppError(
      'corrupt',
      `centroids are ${centroids.shard.count}×${centroids.shard.dim}, index has ${nlist} lists and the query ${query.length} dims`,
      { key: index.centroids.key },
    );
  }
  let want = Math.min(Math.max(1, params.nprobe), nlist);
  let order = timing.measureSync('route', () => topLists(centroids.shard, query, want));
  const quantized = index.dtype !== 'f32';
  const wanted = Math.max(params.k, params.candidates ?? params.k);
  // A rerank's candidates come from the same lists: a bigger heap, not more probing.
  const pool = new CandidatePool<LoadedList>(Math.max(poolSize(params, quantized), wanted), query);
  const ctx: ListContext = { dim: query.length, filter, deps, quantized };
  const failures: AppError[] = [];
  let next = 0;
  while (next < nlist && pool.listCount < want) {
    const take = want - pool.listCount;
    if (next + take > order.length) {
      // Widening past the lists selected so far: select more (a prefix of the same ranking).
      const count = Math.min(nlist, Math.max(2 * order.length, next + take));
      order = timing.measureSync('route', () => topLists(centroids.shard, query, count));
    }
    const batch = Array.from(order.subarray(next, next + take));
    next += batch.length;
    const ready: LoadedList[] = [];
    const pending: number[] = [];
    for (const listNo of batch) {
      try {
        const hit = peekList(listNo, ctx);
        if (hit === undefined) pending.push(listNo);
        else ready.push(hit);
      } catch (error) {
        failures.push(ioFailure(error));
      }
    }
    if (pending.length > 0) {
      const settled = await timing.measure('fetch', () =>
        Promise.allSettled(pending.map((l) => loadList(l, ctx))),
      );
      for (const result of settled) {
        if (result.status === 'fulfilled') ready.push(result.value);
        else failures.push(ioFailure(result.reason));
      }
    }
    timing.measureSync('scan', () => {
      for (const list of ready) pool.add(list);
    });
    // Enough lists scanned but too few hits (selective filters): widen.
    if (pool.listCount >= want && pool.held < params.k) want = Math.max(want * 2, want + 1);
  }
  if (pool.listCount === 0 && failures.length > 0) throw failures[0];
  const hits = timing.measureSync('filter', () =>
    finalTopK(pool.best(), query, wanted).map(({ list, row, itemId, score }) => ({
      itemId,
      score,
      category: list.categories[row] ?? undefined,
      vector: rowVector(list.rerank ?? list.shard, row),
      addedAt: list.addedAt?.[row] ?? undefined,
    })),
  );
  return { hits, probed: pool.listCount, scanned: pool.scannedRows, failures };
}
