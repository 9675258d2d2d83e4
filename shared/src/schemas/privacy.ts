/**
 * User-deletion requests: the contract between whoever asks for a user's data to be removed
 * (`vitrine users delete`, the edge's admin route) and the pipeline that carries it out.
 *
 * A request is one immutable JSON document under `privacy/deletions/` in the bucket the edge
 * writes events to (the pipeline's data store). The pipeline applies every pending request on
 * its next run — the ids' events are dropped from training, their vectors from the next publish,
 * and kept versions that still hold them are expired — then records the request as applied under
 * `privacy/applied/` with the same file name. Requests hold raw ids only for as long as that takes.
 */
import * as z from 'zod';
import { Timestamp } from './common.ts';

export const DELETIONS_PREFIX = 'privacy/deletions/';
export const APPLIED_DELETIONS_PREFIX = 'privacy/applied/';

/** Most user ids in one request: one admin call or one CLI invocation. */
export const MAX_DELETION_IDS = 1000;

export const DeletionRequest = z.object({
  userIds: z.array(z.string().min(1).max(256)).min(1).max(MAX_DELETION_IDS),
  requestedAt: Timestamp,
  /** Who asked: the CLI on an operator's machine or the edge's admin route. */
  source: z.enum(['cli', 'admin']),
});
export type DeletionRequest = z.infer<typeof DeletionRequest>;

/**
 * Key of a new request. The millisecond prefix keeps requests in arrival order when listed; the
 * caller supplies a random suffix so two requests in the same millisecond never collide.
 *
 * @example
 * deletionKey(Date.parse('2026-12-03T08:00:00Z'), 'a1b2c3'); // 'privacy/deletions/1764748800000-a1b2c3.json'
 */
export const deletionKey = (requestedAtMs: number, suffix: string): string =>
  `${DELETIONS_PREFIX}${String(requestedAtMs).padStart(13, '0')}-${suffix}.json`;

/** sha256 (lowercase hex) of a subject key: what stays behind once a request is applied. */
export const SubjectHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');

/**
 * What the pipeline leaves under `privacy/applied/<same file name>` once it has carried a request
 * out: no raw ids, only the sha256 of every subject key it suppressed — each user id and
 * `session:<id>` for the anonymous sessions their events linked to them — so later runs keep
 * those subjects out of training (data a shop re-exports, events that arrive late).
 */
export const AppliedDeletion = z.object({
  requestedAt: Timestamp,
  appliedAt: Timestamp,
  source: z.enum(['cli', 'admin']),
  users: z.number().int().positive(),
  subjects: z.array(SubjectHash),
  /** Event lines removed from the data store, and kept model versions expired. */
  erasedEvents: z.number().int().nonnegative(),
  expiredVersions: z.array(z.string()),
});
export type AppliedDeletion = z.infer<typeof AppliedDeletion>;

/** Body of the edge's `POST /v1/admin/users/delete` (the rest of the request is filled in there). */
export const DeleteUsersBody = DeletionRequest.pick({ userIds: true }).strict();
export type DeleteUsersBody = z.infer<typeof DeleteUsersBody>;

/** Its 202 answer: where the request was stored for the next pipeline run. */
export const DeleteUsersAccepted = z.object({ key: z.string(), userIds: z.number().int().min(1) });
export type DeleteUsersAccepted = z.infer<typeof DeleteUsersAccepted>;
