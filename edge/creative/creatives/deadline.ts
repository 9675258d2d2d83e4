/**
 * The latency deadline of a generated category banner (`CREATIVE_GENERATOR_DEADLINE_MS`): a
 * cold generator Worker (its 14 MB wasm compiled, onnxruntime started) must not hold up a banner
 * the library can stand in for. The generator's run is a promise that never rejects (its failure
 * is its outcome), so one left behind at the deadline cannot become an unhandled rejection; it
 * runs on under `scope.waitUntil`, warming the generator Worker and filling the colo cache, so
 * the next request for the banner is answered with the generated one.
 */
import { AppError } from '#shared/errors';
import { log, withDeadline } from '../../lib/index.ts';
import type { CachedImage } from './colo-cache.ts';

/** `X-Vitrine-Fallback` of a library creative that answered because the generator was slow. */
export const GENERATOR_SLOW = 'generator_slow';

/** What a generator run came to: the drawn image, or why it could not draw. */
export type DrawOutcome = { ok: true; image: CachedImage } | { ok: false; error: unknown };

/**
 * `draw()` as an outcome: resolves with the error instead of rejecting.
 *
 * @example
 * const run = drawOutcome(() => drawWithGenerator(request));
 */
export function drawOutcome(draw: () => Promise<CachedImage>): Promise<DrawOutcome> {
  return draw().then(
    (image) => ({ ok: true as const, image }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * Whether `run` settles within `ms` (a timer of this request's own, cleared once decided; the
 * run itself is neither awaited further nor cancelled here).
 *
 * @example
 * if (!(await settlesWithin(run, 250))) return libraryStandIn;
 */
export function settlesWithin(run: Promise<DrawOutcome>, ms: number): Promise<boolean> {
  const late = () => new AppError('deadline_exceeded', `generator: no banner within ${ms} ms`);
  return withDeadline(
    run.then(() => true),
    ms,
    late,
  ).catch(() => false);
}

/**
 * Lets a run that missed the deadline finish in the background: its banner is kept (`keep`,
 * the colo cache fill, which swallows its own failures) and the outcome logged. Never rejects.
 *
 * @example
 * scope.waitUntil(finishLate(run, (image) => putImage(colo, key, image, maxAge), { key }));
 */
export async function finishLate(
  run: Promise<DrawOutcome>,
  keep: (image: CachedImage) => Promise<void>,
  fields: Record<string, unknown>,
): Promise<void> {
  const t0 = Date.now();
  const outcome = await run;
  if (!outcome.ok) {
    // Already answered from the library: a failure now is only worth a log line.
    log('warn', 'generator_failed_after_deadline', { ...fields, detail: String(outcome.error) });
    return;
  }
  await keep(outcome.image);
  log('info', 'generator_finished_after_deadline', { ...fields, lateMs: Date.now() - t0 });
}
