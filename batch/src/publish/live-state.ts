/**
 * What is live in a model store, told apart in the three ways that matter to a publisher:
 *
 * - `empty`: no pointer and no kept manifest — a first publish, nothing to compare against;
 * - `live`: the pointer and its manifest read and verify;
 * - `unreadable`: a pointer that does not parse or verify, or no pointer while manifests are
 *   kept (a deleted pointer). Publishing over it would skip the quality gate against a model
 *   we cannot read, so the publisher refuses unless forced; `vitrine rollback` repairs it.
 *
 * Storage outages (anything but `corrupt` / `not_found`) propagate: they say nothing about the
 * store's contents, and guessing "empty" from them is how a bad model gets published.
 */
import { AppError, isAppError } from '#shared/errors';
import { type CurrentPointer, MANIFEST_PREFIX } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type LoadedManifest, readCurrent } from './read.ts';

export type LiveState =
  | { kind: 'empty' }
  | { kind: 'live'; live: LoadedManifest & { pointer: CurrentPointer } }
  | { kind: 'unreadable'; reason: string };

/**
 * Classifies the store's live state (never throws for damage; see the module header).
 *
 * @example
 * const state = await readLiveState(store); // state.kind === 'unreadable' → refuse or repair
 */
export async function readLiveState(store: BlobStore): Promise<LiveState> {
  try {
    const live = await readCurrent(store);
    if (live !== null) return { kind: 'live', live };
  } catch (error) {
    if (!isAppError(error) || (error.kind !== 'corrupt' && error.kind !== 'not_found')) throw error;
    return { kind: 'unreadable', reason: error.message };
  }
  const kept = (await store.list(MANIFEST_PREFIX)).filter((b) => b.key.endsWith('.json'));
  if (kept.length === 0) return { kind: 'empty' };
  return {
    kind: 'unreadable',
    reason: `manifests/current.json is missing while ${kept.length} manifest(s) are kept`,
  };
}

/**
 * The live manifest to gate against (null on an empty store). Unreadable live state throws
 * `precondition_failed` naming the repair, unless `force` — then it is logged and treated as
 * no live model.
 *
 * @example
 * const live = await liveForPublish(store, { force: options.publish.force, warn: ctx.log.warn });
 */
export async function liveForPublish(
  store: BlobStore,
  options: { force: boolean; warn: (event: string, fields: Record<string, unknown>) => void },
): Promise<(LoadedManifest & { pointer: CurrentPointer }) | null> {
  const state = await readLiveState(store);
  if (state.kind === 'live') return state.live;
  if (state.kind === 'empty') return null;
  if (options.force) {
    options.warn('publish.live_unreadable_forced', { reason: state.reason });
    return null;
  }
  throw new AppError(
    'precondition_failed',
    `the live state is unreadable (${state.reason}); not publishing, because the quality gate ` +
      'cannot compare against the live model. Repair it with `vitrine rollback` (it rebuilds the pointer ' +
      'from the kept manifests), or publish over it with --force.',
    { key: 'manifests/current.json' },
  );
}
