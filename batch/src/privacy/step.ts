/**
 * The privacy steps of `vitrine pipeline`, around training:
 *
 *   before: read pending deletion requests → erase their events from the data store →
 *           delete event partitions past `--retain-days` → build the training filter
 *           (this run's subjects, earlier runs' hashed subjects, the retention cut-off);
 *   after a successful publish (trained without them): expire kept versions that hold them →
 *           move each request to privacy/applied/ with hashes only.
 *
 * A refused or failed publish leaves the requests pending: the live model may still hold the
 * users, so the next run must do the expiry again. Erasure and retention are idempotent.
 */
import { IMPRESSIONS_PREFIX } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { InteractionSet } from '../data/interactions.ts';
import { PARQUET_PREFIX } from '../data/parquet/state.ts';
import { splitUri } from '../jobs/inputs.ts';
import { openStore } from '../storage/open.ts';
import { invalidateCompacted } from './compacted.ts';
import { type ErasureResult, eraseSubjects } from './erase.ts';
import { DAY_MS, type EventRetentionResult, expireEvents } from './event-retention.ts';
import { expireVersionsHolding } from './expire.ts';
import {
  appliedSubjects,
  markApplied,
  type PendingDeletion,
  pendingDeletions,
  subjectHash,
} from './requests.ts';
import { type Suppression, suppress } from './suppress.ts';

/** The one logger method these steps use (kept structural so this layer needs nothing from the CLI). */
interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
}

export interface PrivacyPlan {
  dataStore: BlobStore;
  pending: PendingDeletion[];
  suppression: Suppression;
  erasure: ErasureResult | null;
  retention: EventRetentionResult | null;
}

export interface PrivacySummary {
  pendingRequests: number;
  appliedRequests: number;
  erasedEvents: number;
  expiredVersions: string[];
  retention: EventRetentionResult | null;
}

/**
 * The store deletion requests live in, and the events prefix, for a pipeline `--data` URI: the
 * bucket the edge writes (a store URI, or its `prefix/`), or the folder holding a CSV file.
 *
 * @example
 * dataLocation('s3://shop/vitrine'); // { storeUri: 's3://shop/vitrine', eventsPrefix: 'events/' }
 */
export function dataLocation(data: string): { storeUri: string; eventsPrefix: string } {
  const path = data.split('?')[0] as string;
  if (path.endsWith('/')) {
    const { storeUri, key } = splitUri(data);
    return { storeUri, eventsPrefix: key };
  }
  if (/\.csv$/i.test(path)) return { storeUri: splitUri(data).storeUri, eventsPrefix: 'events/' };
  return { storeUri: data, eventsPrefix: 'events/' };
}

/**
 * Runs the "before" steps (see the module header) and returns what training must exclude.
 *
 * @example
 * const plan = await preparePrivacy({ data: 's3://shop/vitrine', events: true, retainDays: 90 }, log);
 */
export async function preparePrivacy(
  options: { data: string; events: boolean; retainDays?: number | undefined; now?: Date },
  log: Logger,
): Promise<PrivacyPlan> {
  const now = options.now ?? new Date();
  const { storeUri, eventsPrefix } = dataLocation(options.data);
  const dataStore = openStore(storeUri);
  const prefixes = [eventsPrefix, IMPRESSIONS_PREFIX];
  const pending = await pendingDeletions(dataStore);
  const ids = new Set(pending.flatMap((p) => p.request.userIds));
  const dropParquet = async (keys: string[]) => {
    const dropped = await invalidateCompacted(dataStore, keys);
    if (dropped.batches > 0) log.info('privacy.parquet_invalidated', { ...dropped });
  };
  const erasure =
    options.events && ids.size > 0 ? await eraseSubjects(dataStore, ids, prefixes, dropParquet) : null;
  const days = options.retainDays;
  const retention =
    days !== undefined && options.events
      ? await expireEvents(dataStore, days, now, [...prefixes, PARQUET_PREFIX])
      : null;
  const keys = new Set([...ids, ...(erasure?.sessions ?? []).map((s) => `session:${s}`)]);
  const suppression: Suppression = {
    keys,
    hashes: await appliedSubjects(dataStore),
    cutoff: days === undefined ? null : now.getTime() - days * DAY_MS,
  };
  if (pending.length > 0 || retention !== null) {
    log.info('privacy.prepared', {
      requests: pending.length,
      users: ids.size,
      linkedSessions: erasure?.sessions.length ?? 0,
      erasedEvents: erasure?.lines ?? 0,
      rewrittenFiles: erasure?.files ?? 0,
      expiredEventFiles: retention?.deletedFiles ?? 0,
    });
  }
  return { dataStore, pending, suppression, erasure, retention };
}

/** The training filter of a plan: suppressed users and expired rows leave the set (logged). */
export function privacyFilter(plan: PrivacyPlan, log: Logger): (set: InteractionSet) => InteractionSet {
  return (set) => {
    const { set: clean, stats } = suppress(set, plan.suppression);
    if (stats.users > 0 || stats.expiredRows > 0) log.info('privacy.suppressed', { ...stats });
    return clean;
  };
}

/** What a plan did so far; requests count as pending until `completePrivacy` applies them. */
export function privacySummary(plan: PrivacyPlan): PrivacySummary {
  return {
    pendingRequests: plan.pending.length,
    appliedRequests: 0,
    erasedEvents: plan.erasure?.lines ?? 0,
    expiredVersions: [],
    retention: plan.retention,
  };
}

/**
 * The "after" steps, once `liveVersion` (trained without the subjects) is live.
 *
 * @example
 * const privacy = await completePrivacy(plan, store, summary.version, log);
 */
export async function completePrivacy(
  plan: PrivacyPlan,
  modelStore: BlobStore,
  liveVersion: string,
  log: Logger,
  now = new Date(),
): Promise<PrivacySummary> {
  const summary = privacySummary(plan);
  if (plan.pending.length === 0) return summary;
  const expiry = await expireVersionsHolding(modelStore, [...plan.suppression.keys], liveVersion);
  summary.expiredVersions = expiry.expiredVersions;
  const sessions = (plan.erasure?.sessions ?? []).map((s) => subjectHash(`session:${s}`));
  for (const p of plan.pending) {
    await markApplied(plan.dataStore, p, {
      requestedAt: p.request.requestedAt,
      appliedAt: now.toISOString(),
      source: p.request.source,
      users: p.request.userIds.length,
      subjects: [...p.request.userIds.map(subjectHash), ...sessions],
      erasedEvents: summary.erasedEvents,
      expiredVersions: expiry.expiredVersions,
    });
    summary.appliedRequests++;
  }
  log.info('privacy.applied', { ...expiry, requests: summary.appliedRequests });
  return summary;
}
