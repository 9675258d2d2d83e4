/**
 * One on-demand creative, end to end: manifest → colo cache → generator → banner → PNG, and the
 * fallbacks that keep a valid request from ever failing: a missing, corrupt or oversized
 * generator (or a run that throws) is answered with the library creative that best fits (the
 * same banner when the library has it), and with no library entry of that size either, with a
 * copy-only banner. Fallbacks are cached briefly so the model's recovery shows up soon.
 * A generator that is merely slow (a cold generator Worker) is waited for up to
 * `CREATIVE_GENERATOR_DEADLINE_MS` when a library creative of the size fits; past it that one
 * answers (`generator_slow`) and the generated banner still goes into the colo cache
 * (deadline.ts). With nothing in the library to stand in, the banner waits: a copy-only banner
 * is for a generator that fails, not for one that is slow.
 */

import type { RenderedBanner } from '#shared/creatives';
import { sha256Hex } from '#shared/crypto';
import { isAppError } from '#shared/errors';
import type { BrandKit, CreativeEntry, CreativeSource, GeneratorSection, Manifest } from '#shared/schemas';
import { log, type RequestScope, readVerified } from '../../lib/index.ts';
import type { CreativeServices } from '../context/index.ts';
import { type CachedImage, creativeCacheKey, matchImage, putImage } from './colo-cache.ts';
import { type DrawOutcome, drawOutcome, finishLate, GENERATOR_SLOW, settlesWithin } from './deadline.ts';
import { pickFallback } from './library.ts';
import { renderCopyOnly, renderGenerated } from './render.ts';
import type { CreativeRequest } from './request.ts';
import type { CreativeTiming } from './timing.ts';
import { reportUncovered } from './uncovered.ts';

/** max-age of a fallback answer: short, so clients come back for the real creative. */
export const FALLBACK_MAX_AGE_SECONDS = 60;

export interface Creative {
  bytes: Uint8Array;
  /** `image/png`, or `image/svg+xml` for `format=svg` (library fallbacks are always PNG). */
  contentType: string;
  /** Strong ETag (quoted sha256 of the bytes). */
  etag: string;
  source: CreativeSource;
  /** Why the generator was not used (`generator_missing`, `generator_corrupt`, `generator_slow`, …). */
  fallbackReason?: string;
  modelVersion: string | null;
  maxAgeSeconds: number;
  /** Colo cache outcome for generated creatives. */
  cache: 'hit' | 'miss' | 'off';
  /**
   * Code points of the copy no font has (`U+8FDE U+8863`): the category's label or the CTA. Not
   * known for a library fallback, whose bytes were drawn in batch.
   */
  uncovered?: string;
}

/** A banner drawn here: its bytes, strong ETag and what its copy lacks (reported once, here). */
async function drawn(rendered: RenderedBanner, request: CreativeRequest) {
  const uncovered = reportUncovered(rendered.uncovered, { category: request.category });
  return {
    bytes: rendered.bytes,
    contentType: rendered.contentType,
    etag: `"${await sha256Hex(rendered.bytes)}"`,
    ...(uncovered === undefined ? {} : { uncovered }),
  };
}

/** A short, stable reason for the `X-Vitrine-Fallback` header and the logs. */
function reasonOf(error: unknown): string {
  if (!isAppError(error)) return 'generator_failed';
  switch (error.kind) {
    case 'not_found':
      return 'generator_missing';
    case 'corrupt':
      return 'generator_corrupt';
    case 'resource_exhausted':
      return 'generator_too_large';
    default:
      return 'generator_unavailable';
  }
}

/** The fields every fallback answer shares. */
const fallbackBase = (manifest: Manifest | undefined, reason: string) => ({
  fallbackReason: reason,
  modelVersion: manifest?.version ?? null,
  maxAgeSeconds: FALLBACK_MAX_AGE_SECONDS,
});

/** Library creative `entry` as the answer, or undefined (logged) when its blob cannot be read. */
async function libraryCreative(
  services: CreativeServices,
  manifest: Manifest | undefined,
  entry: CreativeEntry,
  request: CreativeRequest,
  reason: string,
  timing: CreativeTiming,
): Promise<Creative | undefined> {
  try {
    const bytes = await timing.measure('fallback', () => readVerified(services.store, entry.blob));
    log('warn', 'creative_fallback', { reason, source: 'library', key: entry.blob.key, ...request });
    const etag = `"${entry.blob.sha256}"`;
    const base = fallbackBase(manifest, reason);
    return { ...base, bytes, contentType: 'image/png', etag, source: 'library', cache: 'off' };
  } catch (error) {
    log('warn', 'creative_library_unreadable', { key: entry.blob.key, detail: String(error) });
    return undefined;
  }
}

async function fallback(
  services: CreativeServices,
  manifest: Manifest | undefined,
  request: CreativeRequest,
  kit: BrandKit,
  reason: string,
  timing: CreativeTiming,
): Promise<Creative> {
  const entry = pickFallback(manifest?.creatives, request);
  const library =
    entry === undefined
      ? undefined
      : await libraryCreative(services, manifest, entry, request, reason, timing);
  if (library !== undefined) return library;
  const rendered = await timing.measure('fallback', () => renderCopyOnly(request, kit));
  log('warn', 'creative_fallback', { reason, source: 'copy-only', ...request });
  const base = fallbackBase(manifest, reason);
  return { ...base, ...(await drawn(rendered, request)), source: 'copy-only', cache: 'off' };
}

/** The generator's banner for `request`, as an outcome that never rejects (deadline.ts). */
function drawGenerated(
  services: CreativeServices,
  section: GeneratorSection,
  request: CreativeRequest,
  kit: BrandKit,
  timing: CreativeTiming,
): Promise<DrawOutcome> {
  return drawOutcome(async () => {
    const generator = await timing.measure('session', () => services.generators.get(section));
    // Stored with its uncovered characters, so a hit still reports them.
    return drawn(await renderGenerated(generator, request, kit, timing), request);
  });
}

/**
 * The library creative that answers for a generator still running at the deadline, or
 * undefined: no deadline, nothing in the library fits, the run finished in time, or the library
 * blob is unreadable (then the banner waits for the generator after all). A run left behind
 * finishes under `scope.waitUntil` and hands its banner to `keep`.
 */
async function answerIfSlow(
  services: CreativeServices,
  manifest: Manifest,
  request: CreativeRequest,
  run: Promise<DrawOutcome>,
  keep: (image: CachedImage) => Promise<void>,
  scope: RequestScope,
  timing: CreativeTiming,
): Promise<Creative | undefined> {
  const deadlineMs = services.config.CREATIVE_GENERATOR_DEADLINE_MS;
  if (deadlineMs === 0) return undefined;
  const entry = pickFallback(manifest.creatives, request);
  if (entry === undefined || (await settlesWithin(run, deadlineMs))) return undefined;
  const slow = await libraryCreative(services, manifest, entry, request, GENERATOR_SLOW, timing);
  if (slow !== undefined) scope.waitUntil(finishLate(run, keep, { ...request, deadlineMs }));
  return slow;
}

/**
 * The creative for `request`; rejects only on programmer errors (never for a bad model).
 *
 * @example
 * const creative = await produceCreative(services, request, c.executionCtx, new ServerTiming());
 */
export async function produceCreative(
  services: CreativeServices,
  request: CreativeRequest,
  scope: RequestScope,
  timing: CreativeTiming,
): Promise<Creative> {
  // A category banner draws with the generator: its runtime starts while the manifest is read.
  services.warmGenerator(scope);
  const state = await timing.measure('manifest', () => services.manifests.current(scope));
  const manifest = state.loaded?.manifest;
  const live = await timing.measure('kit', () => services.kits.of(manifest));
  const { kit } = live;
  if (manifest === undefined) return fallback(services, undefined, request, kit, 'no_model', timing);
  const section = manifest.generator;
  if (section === undefined) return fallback(services, manifest, request, kit, 'no_generator', timing);
  if (!(section.categories as readonly string[]).includes(request.category)) {
    return fallback(services, manifest, request, kit, 'category_not_generated', timing);
  }

  const maxAgeSeconds = services.config.CREATIVE_MAX_AGE_SECONDS;
  const colo = maxAgeSeconds > 0 ? services.colo : undefined;
  const key = creativeCacheKey(section.onnx.sha256, live.id, request);
  const generated = { source: 'generated' as const, modelVersion: manifest.version, maxAgeSeconds };
  if (colo !== undefined) {
    const hit = await timing.measure('cache', () => matchImage(colo, key));
    if (hit !== undefined) return { ...generated, ...hit, cache: 'hit' };
  }
  const keep = (image: CachedImage) =>
    colo === undefined ? Promise.resolve() : putImage(colo, key, image, maxAgeSeconds);
  const run = drawGenerated(services, section, request, kit, timing);
  const slow = await answerIfSlow(services, manifest, request, run, keep, scope, timing);
  if (slow !== undefined) return slow;
  const outcome = await run;
  if (!outcome.ok) {
    const reason = reasonOf(outcome.error);
    const detail = String(outcome.error);
    log('warn', 'generator_unusable', { reason, detail, sha256: section.onnx.sha256 });
    return fallback(services, manifest, request, kit, reason, timing);
  }
  if (colo !== undefined) scope.waitUntil(keep(outcome.image));
  return { ...generated, ...outcome.image, cache: colo === undefined ? 'off' : 'miss' };
}
