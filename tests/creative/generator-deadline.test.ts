/**
 * The generator deadline of category banners (`CREATIVE_GENERATOR_DEADLINE_MS`), in workerd with
 * the real generator Worker behind a binding that holds every call until the test releases it —
 * a generator Worker still starting, for as long as a case needs. Past the deadline a library
 * creative of the size answers (`generator_slow`) while the generator's run goes on in the
 * background and fills the colo cache; with no library creative of the size the banner waits for
 * the generator; 0 turns the deadline off; a run that fails after the deadline costs nothing.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import { createCreativeServices } from '../../edge/creative/context/services.ts';
import {
  FALLBACK_MAX_AGE_SECONDS,
  pickFallback,
  produceCreative,
} from '../../edge/creative/creatives/index.ts';
import worker from '../../edge/creative/index.ts';
import { type RequestScope, ServerTiming } from '../../edge/lib/index.ts';
import type { CreativeCase } from '../fixtures/creative-store/types.ts';
import { categoryUrl, fixture, usePublishedFixture } from './support.ts';

const published = usePublishedFixture();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The real generator Worker behind a binding that holds every call until `release()`; with
 * `fail`, each released call answers 503 instead (a generator Worker that dies while starting).
 */
function heldGenerator(fail = false) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => {
    release = r;
  });
  const answered: string[] = [];
  const binding = {
    fetch: async (request: Request) => {
      await released;
      answered.push(new URL(request.url).pathname);
      return fail ? new Response('gone', { status: 503 }) : env.GENERATOR.fetch(request);
    },
  };
  return { binding, release, answered };
}

/** An env with `GENERATOR` replaced and the deadline var set (undefined: the schema's default). */
function envWith(binding: unknown, deadlineMs: string | undefined, maxAgeSeconds = '0'): Env {
  return {
    ...env,
    GENERATOR: binding,
    CREATIVE_GENERATOR_DEADLINE_MS: deadlineMs,
    CREATIVE_MAX_AGE_SECONDS: maxAgeSeconds,
  } as unknown as Env;
}

/** A scope that keeps what the Worker hands to waitUntil; `settled()` rejects if any of it does. */
function keepingScope() {
  const pending: Promise<unknown>[] = [];
  const scope: RequestScope = { waitUntil: (p) => void pending.push(p) };
  return { scope, settled: () => Promise.all(pending) };
}

/**
 * Asks for a banner while `held` holds the generator, checks it is still unanswered `ms` later,
 * then releases the generator and returns the answer.
 */
async function answeredAfterRelease<T>(held: { release: () => void }, ask: () => Promise<T>, ms: number) {
  let answered = false;
  const waiting = ask().finally(() => {
    answered = true;
  });
  await sleep(ms);
  expect(answered).toBe(false);
  held.release();
  return waiting;
}

const requestOf = ({
  category,
  seed,
  size,
  template,
}: Pick<CreativeCase, 'category' | 'seed' | 'size' | 'template'>) =>
  ({ category, seed, size, template, format: 'png' }) as Parameters<typeof produceCreative>[1];

/** coat, medium-rectangle, classic: the library has that size; sneaker leaderboard: it has not. */
const fits = fixture.cases[0]!;
const noFit = fixture.cases[2]!;

describe('the generator deadline of category banners', () => {
  it('answers a slow generator’s banner with the library creative that fits, and the repeat request with the generated banner from the colo cache', async () => {
    const entry = pickFallback(published().creatives, requestOf(fits));
    expect(entry).toBeDefined();
    const held = heldGenerator();
    const slowEnv = envWith(held.binding, '50', '86400');
    createCreativeServices(slowEnv);
    const url = `https://creative.test${categoryUrl(fits)}`;
    const ctx = createExecutionContext();
    const first = await worker.fetch(new Request(url), slowEnv, ctx);
    const firstBytes = new Uint8Array(await first.arrayBuffer());
    expect(first.headers.get('x-vitrine-creative')).toBe('library');
    expect(first.headers.get('x-vitrine-fallback')).toBe('generator_slow');
    expect(first.headers.get('cache-control')).toBe(`public, max-age=${FALLBACK_MAX_AGE_SECONDS}`);
    expect(first.headers.get('etag')).toBe(`"${entry!.blob.sha256}"`);
    expect(await sha256Hex(firstBytes)).toBe(entry!.blob.sha256);
    expect(held.answered).toEqual([]);

    // The generator comes up after the answer; its run finishes under the request's waitUntil.
    held.release();
    await waitOnExecutionContext(ctx);
    expect(held.answered).toContain('/v1/generate');
    const again = await worker.fetch(new Request(url), slowEnv, createExecutionContext());
    expect(again.headers.get('x-vitrine-creative')).toBe('generated');
    expect(again.headers.get('x-vitrine-cache')).toBe('hit');
    expect(again.headers.get('x-vitrine-fallback')).toBeNull();
    expect(await sha256Hex(new Uint8Array(await again.arrayBuffer()))).toBe(fits.sha256);
  });

  it('waits past the deadline for the generated banner when no library creative of the size fits', async () => {
    expect(pickFallback(published().creatives, requestOf(noFit))).toBeUndefined();
    const held = heldGenerator();
    const services = createCreativeServices(envWith(held.binding, '50'));
    const { scope, settled } = keepingScope();
    // A size the library has is answered from it: the deadline is in force.
    const other = await produceCreative(services, requestOf({ ...fits, seed: 8 }), scope, new ServerTiming());
    expect([other.source, other.fallbackReason]).toEqual(['library', 'generator_slow']);
    const ask = () => produceCreative(services, requestOf(noFit), scope, new ServerTiming());
    const banner = await answeredAfterRelease(held, ask, 200);
    expect([banner.source, banner.fallbackReason]).toEqual(['generated', undefined]);
    expect(await sha256Hex(banner.bytes)).toBe(noFit.sha256);
    await settled();
  });

  it('waits for a slow generator when the deadline is 0, where the default deadline answers from the library', async () => {
    const held = heldGenerator();
    const off = createCreativeServices(envWith(held.binding, '0'));
    const byDefault = createCreativeServices(envWith(held.binding, undefined));
    expect(off.config.CREATIVE_GENERATOR_DEADLINE_MS).toBe(0);
    const timing = () => new ServerTiming();
    const stoodIn = await produceCreative(byDefault, requestOf(fits), keepingScope().scope, timing());
    expect([stoodIn.source, stoodIn.fallbackReason]).toEqual(['library', 'generator_slow']);

    const { scope, settled } = keepingScope();
    const ask = () => produceCreative(off, requestOf(fits), scope, timing());
    const banner = await answeredAfterRelease(held, ask, 400);
    expect([banner.source, banner.fallbackReason]).toEqual(['generated', undefined]);
    expect(await sha256Hex(banner.bytes)).toBe(fits.sha256);
    await settled();
  });

  it('lets a generator that fails after the deadline end quietly: no rejection, no cache entry', async () => {
    const rejections: unknown[] = [];
    const onRejection = (event: PromiseRejectionEvent) => rejections.push(event.reason);
    addEventListener('unhandledrejection', onRejection);
    try {
      const held = heldGenerator(true);
      const services = createCreativeServices(envWith(held.binding, '50', '86400'));
      const request = requestOf({ ...fits, seed: 9 });
      const { scope, settled } = keepingScope();
      const first = await produceCreative(services, request, scope, new ServerTiming());
      expect(first.fallbackReason).toBe('generator_slow');
      held.release();
      await expect(settled()).resolves.toBeDefined();
      await sleep(0);
      expect(held.answered.length).toBeGreaterThan(0);
      // Nothing was cached: the next request meets the failed generator and says so.
      const next = await produceCreative(services, request, keepingScope().scope, new ServerTiming());
      expect([next.source, next.fallbackReason]).toEqual(['library', 'generator_unavailable']);
      expect(rejections).toEqual([]);
    } finally {
      removeEventListener('unhandledrejection', onRejection);
    }
  });
});
