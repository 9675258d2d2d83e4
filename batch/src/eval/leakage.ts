/**
 * Leak check for offline evaluation: what share of the held-out (user, item) pairs was the
 * model trained on? A model refit on every interaction (vitrine train's default) and then
 * evaluated on a split of the same file scores its own training data — nDCG 0.659 instead of
 * the honest 0.478 in the hardening review — and nothing in the numbers says so.
 *
 * Training writes a sample of its pairs (`TrainingPairs`): every pair whose 53-bit hash falls
 * below a threshold chosen to keep about `SAMPLE` pairs, so the file stays ~300 KB at any data
 * size and holds every pair of a small set. Evaluation hashes its held-out pairs the same way;
 * those below the threshold are a uniform sample of them, and the share found in the training
 * sample estimates the overlap (hash collisions at 53 bits are negligible). Pairs also in the
 * evaluation's own history (its train side) are left out: seeing them is not a leak, they are
 * excluded from ranking anyway.
 */
import { AppError, unwrap } from '#shared/errors';
import { decodeJson, TrainingPairs } from '#shared/schemas';
import { type BlobStore, getIfPresent } from '#shared/storage';
import type { InteractionSet } from '../data/interactions.ts';

/** Where `vitrine train` writes the sample in its out store (beside model/). */
export const TRAINING_PAIRS_KEY = 'training-pairs.json';

/** About this many pairs are kept in the training sample. */
export const SAMPLE = 16_384;
const TWO_53 = 2 ** 53;

/** Murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two independent 32-bit hashes of a string (FNV-1a with two offsets, then finalised). */
function idHash(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x1b873593;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [fmix32(a), fmix32(b ^ id.length)];
}

/** 53-bit hash of the pair (user, item) from the ids' hashes. */
function pairHash(u: [number, number], i: [number, number]): number {
  const hi = fmix32(u[0] ^ Math.imul(i[0], 0x9e3779b1));
  const lo = fmix32((u[1] + Math.imul(i[1], 0x27d4eb2f)) ^ hi);
  return hi * 2 ** 21 + (lo >>> 11);
}

/** The pair hash of every row of `set` (ids hashed once per distinct id). */
function rowHashes(set: InteractionSet): Float64Array {
  const users = set.userIds.map(idHash);
  const items = set.itemIds.map(idHash);
  const out = new Float64Array(set.length);
  for (let r = 0; r < set.length; r++) {
    out[r] = pairHash(
      users[set.users[r] as number] as [number, number],
      items[set.items[r] as number] as [number, number],
    );
  }
  return out;
}

/**
 * The training-pair sample of `set` (what train writes as training-pairs.json).
 *
 * @example
 * await out.put('training-pairs.json', encode(JSON.stringify(trainingPairs(trainSet))));
 */
export function trainingPairs(set: InteractionSet, sample = SAMPLE): TrainingPairs {
  const threshold = set.length <= sample ? TWO_53 : Math.floor((TWO_53 * sample) / set.length);
  const kept = new Set<number>();
  for (const h of rowHashes(set)) if (h < threshold) kept.add(h);
  return { hash: 'pair53-v1', rows: set.length, threshold, hashes: [...kept].sort((a, b) => a - b) };
}

export interface Leakage {
  /** Held-out pairs (not in the evaluation's history) that fell in the sample. */
  sampled: number;
  /** Of those, pairs the model was trained on. */
  trainedOn: number;
  /** trainedOn / sampled (0 when nothing was sampled). */
  share: number;
}

/**
 * Estimates the share of `test`'s pairs (minus those in `history`) in the model's training data.
 *
 * @example
 * const leak = measureLeakage(sample, split.train, split.test); // leak.share ≈ 1 after a refit
 */
export function measureLeakage(
  sample: TrainingPairs,
  history: InteractionSet,
  test: InteractionSet,
): Leakage {
  const trained = new Set(sample.hashes);
  const seen = new Set<number>();
  for (const h of rowHashes(history)) if (h < sample.threshold) seen.add(h);
  const counted = new Set<number>();
  let trainedOn = 0;
  for (const h of rowHashes(test)) {
    if (h >= sample.threshold || seen.has(h) || counted.has(h)) continue;
    counted.add(h);
    if (trained.has(h)) trainedOn++;
  }
  return { sampled: counted.size, trainedOn, share: counted.size === 0 ? 0 : trainedOn / counted.size };
}

/** Above this share the evaluation is refused (or, with --allow-refit-data, loudly flagged). */
export const MAX_LEAK_SHARE = 0.02;

/** True when `leak` shows training data in the held-out set beyond hash/sampling noise. */
export function isLeaky(leak: Leakage): boolean {
  return leak.trainedOn >= 2 && leak.share > MAX_LEAK_SHARE;
}

export interface LeakGuardOptions {
  /** --allow-refit-data: evaluate anyway, with a warning, instead of refusing. */
  allow: boolean;
  warn: (event: string, fields: Record<string, unknown>) => void;
}

/**
 * Reads the model's training-pair sample from its run store and refuses (`precondition_failed`)
 * an evaluation whose held-out pairs the model was trained on, unless `allow` (then it warns).
 * A run store without the sample (written before this check existed) only gets a warning.
 *
 * @example
 * const leak = await guardLeakage(openStore(opts.model), split.train, split.test, { allow, warn });
 */
export async function guardLeakage(
  run: BlobStore,
  history: InteractionSet,
  test: InteractionSet,
  options: LeakGuardOptions,
): Promise<Leakage | null> {
  const bytes = await getIfPresent(run, TRAINING_PAIRS_KEY);
  if (bytes === null) {
    options.warn('eval.leak_unknown', {
      reason: `${TRAINING_PAIRS_KEY} not found: cannot check for training data`,
    });
    return null;
  }
  const sample = unwrap(decodeJson(bytes, TrainingPairs, 'training pairs', TRAINING_PAIRS_KEY));
  const leak = measureLeakage(sample, history, test);
  if (!isLeaky(leak)) return leak;
  const pct = (leak.share * 100).toFixed(1);
  const what =
    `${pct} % of the held-out pairs (${leak.trainedOn} of ${leak.sampled} sampled) are in the model's ` +
    'training data, so these metrics are inflated';
  if (options.allow) {
    options.warn('eval.refit_data', { ...leak, message: `${what} (--allow-refit-data)` });
    return leak;
  }
  throw new AppError(
    'precondition_failed',
    `${what}. The model was probably refit on this data (vitrine train refits by default): evaluate a model ` +
      'trained with --no-refit on the same split, or a --test file from after training; --allow-refit-data ' +
      'evaluates anyway.',
    { field: 'data' },
  );
}
