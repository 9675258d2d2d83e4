/**
 * Example requests against the running demo Worker, built from ids that really are in the
 * published model (a trained shopper, popular items), so every printed URL answers something
 * meaningful; `smokeCheck` calls each one and checks status and strategy.
 */

import { signUserToken } from '#shared/access';
import { decodeShard } from '#shared/codec';
import { unwrap } from '#shared/errors';
import { FallbackLists, type Manifest } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';

/**
 * The demo Worker's USER_TOKEN_SECRET (passed with `--var`): personalised routes for a user id
 * need a token signed with it, as a shop's backend would sign one. Never use it in production.
 */
export const DEMO_USER_TOKEN_SECRET = 'demo-only-user-token-secret';

/** `?userToken=` for `userId`, valid for a day (the examples are printed as curl commands). */
async function tokenParam(userId: string): Promise<string> {
  const token = await signUserToken(DEMO_USER_TOKEN_SECRET, userId, Date.now() + 86_400_000);
  return `userToken=${encodeURIComponent(token)}`;
}

export interface Example {
  title: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** `strategy` the answer must have, or a key the JSON must contain. */
  expect: { strategy?: string; key?: string };
}

/** Ids to build examples from, read from the published blobs. */
async function sampleIds(
  store: BlobStore,
  manifest: Manifest,
): Promise<{ user: string; items: string[]; category: string }> {
  let user: string | undefined;
  for (const ref of manifest.users.shards) {
    const shard = unwrap(decodeShard(await store.get(ref.key)));
    user = shard.ids.find((id) => !id.startsWith('session:'));
    if (user !== undefined) break;
  }
  const fallback = FallbackLists.parse(
    JSON.parse(new TextDecoder().decode(await store.get(manifest.fallback.key))),
  );
  const items = fallback.global.slice(0, 3).map((e) => e.itemId);
  if (user === undefined || items.length === 0)
    throw new Error('published model has no users or no popular items');
  // The most popular item's top-level category: a filter on it includes its subcategories.
  const category = fallback.global.find((e) => e.category !== undefined)?.category?.split('/')[0];
  return { user, items, category: category ?? '' };
}

/**
 * The example requests for `manifest`.
 *
 * @example
 * const examples = await buildExamples(store, manifest);
 */
export async function buildExamples(store: BlobStore, manifest: Manifest): Promise<Example[]> {
  const { user, items, category } = await sampleIds(store, manifest);
  const [userToken, strangerToken] = await Promise.all([tokenParam(user), tokenParam('somebody-new')]);
  return [
    {
      title: 'personalised top-k for a trained shopper',
      method: 'GET',
      path: `/v1/users/${user}/recommendations?k=5&${userToken}`,
      expect: { strategy: 'user_vector' },
    },
    {
      title: `… only category ${category} (and its subcategories), excluding two items`,
      method: 'GET',
      path: `/v1/users/${user}/recommendations?k=5&category=${encodeURIComponent(category)}&exclude=${items.slice(0, 2).join(',')}&${userToken}`,
      expect: { strategy: 'user_vector' },
    },
    {
      title: 'a stranger gets the popular fallback',
      method: 'GET',
      path: `/v1/users/somebody-new/recommendations?k=5&${strangerToken}`,
      expect: { strategy: 'popular_fallback' },
    },
    {
      title: 'session fold-in (items viewed in this visit)',
      method: 'POST',
      path: '/v1/recommendations',
      body: { items, k: 5 },
      expect: { strategy: 'session_fold_in' },
    },
    {
      title: 'similar items',
      method: 'GET',
      path: `/v1/items/${items[0]}/similar?k=5`,
      expect: { strategy: 'item_similarity' },
    },
    {
      title: 'health: model version, manifest age, cache stats',
      method: 'GET',
      path: '/v1/health',
      expect: { key: 'modelVersion' },
    },
    { title: 'OpenAPI 3.1 document', method: 'GET', path: '/openapi.json', expect: { key: 'openapi' } },
  ];
}

/** A copy-pasteable command for `example`. */
export function curlOf(base: string, example: Example): string {
  if (example.method === 'GET') return `curl -s '${base}${example.path}'`;
  return `curl -s -X POST '${base}${example.path}' -H 'content-type: application/json' -d '${JSON.stringify(example.body)}'`;
}

/**
 * Calls every example; returns one line per example and whether all passed.
 *
 * @example
 * const { ok, lines } = await smokeCheck('http://127.0.0.1:8787', examples);
 */
export async function smokeCheck(
  base: string,
  examples: readonly Example[],
): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  for (const example of examples) {
    const init: RequestInit =
      example.method === 'GET'
        ? {}
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(example.body),
          };
    const t0 = performance.now();
    const res = await fetch(base + example.path, init);
    const ms = performance.now() - t0;
    const json = (await res.json()) as Record<string, unknown>;
    const strategyOk = example.expect.strategy === undefined || json.strategy === example.expect.strategy;
    const keyOk = example.expect.key === undefined || example.expect.key in json;
    const degraded = (json.degraded as { reason?: string } | undefined)?.reason;
    const passed = res.status === 200 && strategyOk && keyOk && degraded === undefined;
    ok &&= passed;
    const items = Array.isArray(json.items) ? ` ${json.items.length} items` : '';
    const what = json.strategy === undefined ? '' : ` ${String(json.strategy)}`;
    lines.push(
      `${passed ? 'ok  ' : 'FAIL'} ${res.status}${what}${items}${degraded ? ` degraded=${degraded}` : ''} ${ms.toFixed(0)} ms  ${example.method} ${example.path}`,
    );
  }
  return { ok, lines };
}
