/**
 * Helpers for the edge tests: the fixture the global setup built (see
 * tests/fixtures/edge-store), copying its published store into the R2 binding, and calling
 * the Worker with the real bindings or with some vars overridden.
 */
import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { afterEach, beforeAll, inject, vi } from 'vitest';
import { Manifest } from '#shared/schemas';
import { createServices } from '../../../edge/src/context/index.ts';
import worker from '../../../edge/src/index.ts';
import { goLive } from '../../support/live-manifest.ts';
import { userToken } from './events.ts';
import '../../fixtures/edge-store/types.ts';
import type { EdgeFixture } from '../../fixtures/edge-store/types.ts';

export const fixture: EdgeFixture = inject('edgeFixture');

/** Bytes of `key` in the published store (from the setup's static server). */
export async function fixtureBytes(key: string): Promise<Uint8Array> {
  const res = await fetch(fixture.origin + key);
  if (!res.ok) throw new Error(`fixture server: ${res.status} for ${key}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The fixture's published manifest (what the Worker serves), parsed by its schema. */
export async function fixtureManifest(): Promise<Manifest> {
  const bytes = await fixtureBytes(`manifests/${fixture.version}.json`);
  return Manifest.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

/** Copies every blob, manifest and the pointer into `env.BUCKET` (storage is per test file). */
export async function publishToBucket(): Promise<void> {
  await Promise.all(fixture.keys.map(async (key) => env.BUCKET.put(key, await fixtureBytes(key))));
}

/**
 * For a test file that breaks blobs on purpose: publishes the fixture store before its cases,
 * restores every mock after each, and returns the published manifest (read once, after publishing).
 */
export function usePublishedStore(): () => Manifest {
  let manifest: Manifest | undefined;
  beforeAll(async () => {
    await publishToBucket();
    manifest = await fixtureManifest();
  });
  afterEach(() => vi.restoreAllMocks());
  return () => {
    if (manifest === undefined) throw new Error('usePublishedStore: read the manifest inside a test');
    return manifest;
  };
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** The user a personalised request names: the path's `:userId`, or the JSON body's `userId`. */
function namedUser(path: string, init?: RequestInit): string | undefined {
  const inPath = /^\/v1\/users\/([^/?]+)\/recommendations/.exec(path)?.[1];
  if (inPath !== undefined) return decodeURIComponent(inPath);
  if (path.startsWith('/v1/recommendations') && typeof init?.body === 'string') {
    try {
      const userId = (JSON.parse(init.body) as { userId?: unknown } | null)?.userId;
      return typeof userId === 'string' ? userId : undefined;
    } catch {
      return undefined; // not JSON: the test is about the body, not about users
    }
  }
  return undefined;
}

/**
 * `init` as the shop's page sends it: with the named user's token (signed with the tests'
 * USER_TOKEN_SECRET) unless the test set the header itself (an empty value sends none).
 */
export async function asShopPage(path: string, init?: RequestInit): Promise<RequestInit | undefined> {
  const headers = new Headers(init?.headers);
  if (headers.has('X-Vitrine-User-Token')) {
    if (headers.get('X-Vitrine-User-Token') === '') headers.delete('X-Vitrine-User-Token');
    return { ...init, headers };
  }
  const userId = namedUser(path, init);
  if (userId === undefined) return init;
  headers.set('X-Vitrine-User-Token', await userToken(userId));
  return { ...init, headers };
}

/** GET/POST through the Worker as deployed (SELF), JSON body parsed. */
export async function call<T = Record<string, unknown>>(
  path: string,
  init?: RequestInit,
): Promise<JsonResponse<T>> {
  const res = await SELF.fetch(`https://vitrine.test${path}`, await asShopPage(path, init));
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** The init of a JSON POST of `body` (what a page's `fetch` sends). */
export const jsonPost = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** `POST /v1/recommendations` with `body` as JSON, through the Worker as deployed. */
export const postRecommendations = <T = Answer>(body: unknown): Promise<JsonResponse<T>> =>
  call<T>('/v1/recommendations', jsonPost(body));

/**
 * `env` with some Worker vars replaced, and isolate services of its own (built now, explicitly:
 * the Worker called with this object uses them and nothing else does).
 */
export function testEnv(vars: Partial<Record<keyof Env, string>> = {}): Env {
  const own = { ...env, ...vars } as Env;
  createServices(own);
  return own;
}

/** Same as `call`, through the Worker with `own` (from `testEnv`) as its env. */
export async function callIn<T = Record<string, unknown>>(
  own: Env,
  path: string,
  init?: RequestInit,
): Promise<JsonResponse<T>> {
  const ctx = createExecutionContext();
  const request = new Request(`https://vitrine.test${path}`, await asShopPage(path, init));
  const res = await worker.fetch(request, own, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** Same as `call`, with some Worker vars replaced and fresh services (`testEnv`) for this call. */
export async function callWith<T = Record<string, unknown>>(
  vars: Partial<Record<keyof Env, string>>,
  path: string,
  init?: RequestInit,
): Promise<JsonResponse<T>> {
  return callIn<T>(testEnv(vars), path, init);
}

/**
 * Runs the Worker's cron handler once and settles as it does: a failed manifest refresh rejects
 * (the cron run shows as failed), so a test asserts the outcome it expects —
 * `await runCron()` for a good refresh, `await expect(runCron()).rejects…` for a failed one.
 */
export async function runCron(vars: Partial<Record<keyof Env, string>> = {}): Promise<void> {
  const ctx = createExecutionContext();
  const controller = createScheduledController({ cron: '*/5 * * * *' });
  try {
    await worker.scheduled(controller, { ...env, ...vars } as Env, ctx);
  } finally {
    await waitOnExecutionContext(ctx);
  }
}

/** Writes `manifest` and flips `manifests/current.json` to it (pointer last), then runs the cron. */
export async function publishAndRefresh(manifest: Manifest): Promise<void> {
  await goLive(env.BUCKET, manifest);
  await runCron();
}

/** |a ∩ b| / |b|. */
export function recall(found: readonly string[], expected: readonly string[]): number {
  const set = new Set(found);
  return expected.filter((id) => set.has(id)).length / Math.max(1, expected.length);
}

export interface Item {
  itemId: string;
  score: number;
  category?: string;
}

export interface Answer {
  modelVersion: string | null;
  strategy: string;
  degraded?: { reason: string };
  items: Item[];
}

export const ids = (a: Answer): string[] => a.items.map((i) => i.itemId);
