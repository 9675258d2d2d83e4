/**
 * Deletion requests in the data store (`privacy/deletions/`, schema in shared/src/schemas/privacy.ts):
 * written by `vitrine users delete` (and the edge's admin route), read and retired by the
 * pipeline. Subject keys are what training calls a user: the user id, or `session:<id>` for an
 * anonymous session; what outlives a request is the sha256 of those keys, never the ids.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isAppError } from '#shared/errors';
import {
  APPLIED_DELETIONS_PREFIX,
  AppliedDeletion,
  DELETIONS_PREFIX,
  DeletionRequest,
  decodeJson,
  deletionKey,
  zodError,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';

const encoder = new TextEncoder();

/** sha256 hex of a subject key. */
export const subjectHash = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Stores a new request; resolves with its key.
 *
 * @example
 * await writeDeletionRequest(openStore('s3://shop/vitrine'), ['u-42'], 'cli');
 */
export async function writeDeletionRequest(
  store: BlobStore,
  userIds: string[],
  source: DeletionRequest['source'],
  now = new Date(),
): Promise<{ key: string; request: DeletionRequest }> {
  const parsed = DeletionRequest.safeParse({
    userIds: [...new Set(userIds)],
    requestedAt: now.toISOString(),
    source,
  });
  if (!parsed.success) {
    throw zodError(parsed.error, 'invalid_argument', 'deletion request', { field: 'userIds' });
  }
  const key = deletionKey(now.getTime(), randomBytes(4).toString('hex'));
  await store.put(key, encoder.encode(JSON.stringify(parsed.data)), { contentType: 'application/json' });
  return { key, request: parsed.data };
}

export interface PendingDeletion {
  key: string;
  request: DeletionRequest;
}

/**
 * Every pending request, oldest first. An unreadable one fails the run (`corrupt`): skipping it
 * would silently not delete someone, and guessing its ids is impossible.
 */
export async function pendingDeletions(store: BlobStore): Promise<PendingDeletion[]> {
  const out: PendingDeletion[] = [];
  for (const { key } of await store.list(DELETIONS_PREFIX)) {
    let bytes: Uint8Array;
    try {
      bytes = await store.get(key);
    } catch (error) {
      if (isAppError(error) && error.kind === 'not_found') continue; // applied by a racing run
      throw error;
    }
    const parsed = decodeJson(bytes, DeletionRequest, `deletion request ${key} (fix or re-file it)`, key);
    if (!parsed.ok) throw parsed.error;
    out.push({ key, request: parsed.value });
  }
  return out;
}

/** Hashes of every subject suppressed by an applied request (kept out of all later training). */
export async function appliedSubjects(store: BlobStore): Promise<Set<string>> {
  const hashes = new Set<string>();
  for (const { key } of await store.list(APPLIED_DELETIONS_PREFIX)) {
    const parsed = decodeJson(await store.get(key), AppliedDeletion, `applied deletion ${key}`, key);
    if (!parsed.ok) throw parsed.error;
    for (const h of parsed.value.subjects) hashes.add(h);
  }
  return hashes;
}

/**
 * Retires a request: the applied record (hashes only) is written first, then the request with
 * its raw ids is deleted, so a crash in between leaves it pending (applied again, harmlessly).
 */
export async function markApplied(
  store: BlobStore,
  pending: PendingDeletion,
  record: AppliedDeletion,
): Promise<string> {
  const key = `${APPLIED_DELETIONS_PREFIX}${pending.key.slice(DELETIONS_PREFIX.length)}`;
  await store.put(key, encoder.encode(JSON.stringify(AppliedDeletion.parse(record))), {
    contentType: 'application/json',
  });
  await store.delete(pending.key);
  return key;
}
