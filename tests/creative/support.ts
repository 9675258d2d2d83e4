/**
 * Test helpers for the creative Worker: load the fixture built in Node into the R2 binding,
 * publish variants of its manifest (pointer written last, as the batch publisher does) and make
 * the Worker pick them up through its cron handler — the production refresh path, which also
 * starts loading a new generator (awaited here through the execution context).
 */

import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { beforeAll, inject } from 'vitest';
import { Manifest, manifestKey } from '#shared/schemas';
import worker from '../../edge/creative/index.ts';
import '../fixtures/creative-store/types.ts';
import { goLive } from '../support/live-manifest.ts';

export const fixture = inject('creativeFixture');

export function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** Copies every object of the published fixture store into `env.BUCKET`. */
export async function loadFixture(): Promise<void> {
  for (const [key, b64] of Object.entries(fixture.objects)) await env.BUCKET.put(key, fromBase64(b64));
}

/** The fixture's published manifest, as the Worker reads it. */
export async function fixtureManifest(): Promise<Manifest> {
  const bytes = fromBase64(fixture.objects[manifestKey(fixture.version)]!);
  return Manifest.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

/**
 * Publishes `manifest` under `version`, flips `manifests/current.json` to it and runs the
 * Worker's scheduled handler, which re-reads the pointer (and starts loading a new generator).
 */
export async function publishAndRefresh(manifest: Manifest): Promise<void> {
  await goLive(env.BUCKET, manifest);
  // The main module runs in this isolate (the pool's design), so its cron handler refreshes the
  // very provider SELF's requests use.
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '*/5 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/**
 * For a test file that serves the fixture as it was published: loads it into the bucket and makes
 * its manifest the live one before the file's cases; returns that manifest (read inside a test).
 */
export function usePublishedFixture(): () => Manifest {
  let published: Manifest | undefined;
  beforeAll(async () => {
    await loadFixture();
    published = await fixtureManifest();
    await publishAndRefresh(published);
  });
  return () => {
    if (published === undefined) throw new Error('usePublishedFixture: read the manifest inside a test');
    return published;
  };
}

/** The on-demand banner route for one category, seed and slot. */
export const categoryUrl = (c: { category: string; seed: number; size: string; template: string }) =>
  `/v1/creatives/${c.category}?seed=${c.seed}&size=${c.size}&template=${c.template}`;

/** `GET path` on the creative Worker: status, headers and body bytes. */
export async function get(path: string, headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`https://creative.test${path}`, { headers });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** `GET path` answered with JSON. */
export async function getJson<T>(path: string): Promise<{ status: number; headers: Headers; body: T }> {
  const { status, headers, bytes } = await get(path);
  return { status, headers, body: JSON.parse(new TextDecoder().decode(bytes)) as T };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
