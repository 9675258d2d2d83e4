/**
 * `vitrine creatives approve|reject`: record the decisions (review.ts) and make them live at once
 * by publishing the live manifest again with the new statuses — a new immutable version with the
 * same model, generator and blobs, flipped in by the usual pointer write. So a decision is
 * versioned like everything else: `vitrine rollback` steps back over it, and the next pipeline
 * run carries it (from the review file) into the version it publishes.
 */
import { AppError } from '#shared/errors';
import type { CreativeEntry, CreativeStatus, Manifest } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { readLiveState } from '../publish/live-state.ts';
import { type PublishResult, publish } from '../publish/publish.ts';
import { matchCreatives, recordDecisions, withStatuses } from './review.ts';

/** Which creatives a decision names: digests (or prefixes), and/or every entry of some categories. */
export interface CreativeSelection {
  ids: readonly string[];
  categories: readonly string[];
}

export interface ReviewResult {
  status: CreativeStatus;
  /** Digests decided (distinct banners; one may be listed under several entries). */
  decided: string[];
  previousVersion: string;
  version: string;
  manifestKey: string;
}

/**
 * The live manifest (for `creatives list` too).
 *
 * @throws AppError('not_found') on an empty store; AppError('precondition_failed') when the live
 *   state is unreadable (repair it with `vitrine rollback`).
 */
export async function liveManifest(store: BlobStore): Promise<Manifest> {
  const state = await readLiveState(store);
  if (state.kind === 'live') return state.live.manifest;
  if (state.kind === 'empty') throw new AppError('not_found', `no model is published in ${store.uri}`);
  throw new AppError(
    'precondition_failed',
    `the live state is unreadable (${state.reason}); repair it with \`vitrine rollback\``,
  );
}

/** The live library entries `selection` names (at least one, or `invalid_argument`). */
export function selectCreatives(
  entries: readonly CreativeEntry[],
  selection: CreativeSelection,
): CreativeEntry[] {
  if (selection.ids.length === 0 && selection.categories.length === 0) {
    throw new AppError('invalid_argument', 'name creatives by sha256 (or a prefix) or --category', {
      field: 'ids',
    });
  }
  const picked = selection.ids.flatMap((id) => matchCreatives(entries, id));
  for (const category of selection.categories) {
    const inCategory = entries.filter((e) => e.category === category);
    if (inCategory.length === 0)
      throw new AppError('not_found', `the live library has no creative of ${category}`);
    picked.push(...inCategory);
  }
  return picked;
}

/**
 * Records `status` for the selected creatives and publishes the live manifest with it.
 *
 * @example
 * const r = await reviewCreatives(store, { ids: ['9f3a12bc'], categories: [] }, 'approved', { by: 'ana' });
 */
export async function reviewCreatives(
  store: BlobStore,
  selection: CreativeSelection,
  status: CreativeStatus,
  o: { by?: string | undefined; now?: () => Date } = {},
): Promise<ReviewResult> {
  const live = await liveManifest(store);
  const entries = live.creatives ?? [];
  const decided = [...new Set(selectCreatives(entries, selection).map((e) => e.blob.sha256))];
  const now = o.now ?? (() => new Date());
  const review = await recordDecisions(store, decided, status, { by: o.by, now: now() });
  const { schemaVersion: _s, version: _v, createdAt: _c, ...body } = live;
  const creatives = withStatuses(entries, { review, live: entries, approveNew: false });
  const result: PublishResult = await publish(store, async () => ({ ...body, creatives }), { now });
  return {
    status,
    decided,
    previousVersion: live.version,
    version: result.version,
    manifestKey: result.manifestKey,
  };
}
