/**
 * Marketers' review of the prebuilt library (schema and rules: shared/src/schemas/creative-loop.ts).
 * Decisions live in `state/creative-review.json` of the model store, keyed by the banner's sha256,
 * and every manifest the pipeline (or `vitrine creatives`) writes carries the resulting status on
 * each library entry: a decision, else the status the live manifest gave the same bytes, else
 * `pending` (or `approved` when the run auto-approves new creatives).
 */
import { AppError, unwrap } from '#shared/errors';
import {
  CREATIVE_REVIEW_KEY,
  type CreativeEntry,
  CreativeReview,
  type CreativeStatus,
  decodeJson,
} from '#shared/schemas';
import { type BlobStore, getIfPresent } from '#shared/storage';

const EMPTY: CreativeReview = { format: 'vitrine-creative-review', version: 1, decisions: {} };

/**
 * The recorded decisions (none when the file does not exist). A damaged file throws `corrupt`:
 * guessing "no decisions" would put rejected banners back in front of shoppers.
 *
 * @example
 * const review = await readReview(store); // review.decisions[sha256]?.status
 */
export async function readReview(store: BlobStore): Promise<CreativeReview> {
  const bytes = await getIfPresent(store, CREATIVE_REVIEW_KEY);
  if (bytes === null) return structuredClone(EMPTY);
  return unwrap(decodeJson(bytes, CreativeReview, 'creative review', CREATIVE_REVIEW_KEY));
}

/**
 * Records `status` for each digest (validated; one atomic put of the whole document).
 *
 * @example
 * await recordDecisions(store, ['9f…'], 'approved', { by: 'ana' });
 */
export async function recordDecisions(
  store: BlobStore,
  sha256s: readonly string[],
  status: CreativeStatus,
  o: { by?: string | undefined; now?: Date } = {},
): Promise<CreativeReview> {
  const review = await readReview(store);
  const decidedAt = (o.now ?? new Date()).toISOString();
  for (const sha256 of sha256s) {
    review.decisions[sha256] = { status, decidedAt, ...(o.by === undefined ? {} : { by: o.by }) };
  }
  const body = JSON.stringify(CreativeReview.parse(review), null, 1);
  await store.put(CREATIVE_REVIEW_KEY, new TextEncoder().encode(body), { contentType: 'application/json' });
  return review;
}

/**
 * `entries` with their status resolved (see the module header).
 *
 * @example
 * const creatives = withStatuses(built, { review, live: liveManifest.creatives, approveNew: false });
 */
export function withStatuses(
  entries: readonly CreativeEntry[],
  o: { review: CreativeReview; live?: readonly CreativeEntry[] | undefined; approveNew: boolean },
): CreativeEntry[] {
  const liveStatus = new Map<string, CreativeStatus>();
  // A live entry without a status predates review and was being served: it stays approved.
  for (const e of o.live ?? []) liveStatus.set(e.blob.sha256, e.status ?? 'approved');
  const fresh: CreativeStatus = o.approveNew ? 'approved' : 'pending';
  return entries.map((e) => ({
    ...e,
    status: o.review.decisions[e.blob.sha256]?.status ?? liveStatus.get(e.blob.sha256) ?? fresh,
  }));
}

/**
 * The library entries a CLI argument names: a full sha256 or a unique prefix of ≥ 8 hex digits.
 *
 * @throws AppError('invalid_argument') for a prefix that is too short or ambiguous;
 *   AppError('not_found') when no entry matches.
 */
export function matchCreatives(entries: readonly CreativeEntry[], id: string): CreativeEntry[] {
  if (!/^[0-9a-f]{8,64}$/.test(id)) {
    throw new AppError('invalid_argument', `${id}: name a creative by its sha256 (at least 8 hex digits)`, {
      field: 'ids',
    });
  }
  const found = entries.filter((e) => e.blob.sha256.startsWith(id));
  if (found.length === 0) throw new AppError('not_found', `no library creative ${id} in the live manifest`);
  const digests = new Set(found.map((e) => e.blob.sha256));
  if (digests.size > 1) {
    throw new AppError('invalid_argument', `${id} matches ${digests.size} creatives: give more digits`, {
      field: 'ids',
    });
  }
  return found;
}
