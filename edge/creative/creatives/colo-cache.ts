/**
 * On-demand creatives in the colo cache (`caches.default`). The key names the generator blob's
 * sha256 and the validated request — never the raw URL — so extra query parameters do not split
 * the cache and a new model can never be answered from an old model's entry.
 */
import type { WebCache } from '../../lib/index.ts';
import type { CreativeRequest } from './request.ts';

/** Cache keys are URLs; this host is never fetched, it only namespaces the entries. */
const KEY_BASE = 'https://vitrine-creative.internal/v1/creatives/';

/** The cache key of `request` drawn by the generator `generatorSha256`. */
export function creativeCacheKey(generatorSha256: string, r: CreativeRequest): string {
  return `${KEY_BASE}${generatorSha256}/${r.category}/${r.seed}/${r.size}/${r.template}.png`;
}

/** A cached PNG and its ETag, or undefined on a miss or when the cache itself fails. */
export async function matchPng(
  colo: WebCache,
  key: string,
): Promise<{ bytes: Uint8Array; etag: string } | undefined> {
  try {
    const res = await colo.match(key);
    if (res === undefined) return undefined;
    const etag = res.headers.get('etag');
    const bytes = new Uint8Array(await res.arrayBuffer());
    return etag === null ? undefined : { bytes, etag };
  } catch {
    return undefined; // a broken cache layer is a miss, never an error
  }
}

/** Stores a PNG for `maxAgeSeconds`; failures are swallowed (the cache is an optimisation). */
export async function putPng(
  colo: WebCache,
  key: string,
  bytes: Uint8Array,
  etag: string,
  maxAgeSeconds: number,
) {
  const headers = { 'content-type': 'image/png', etag, 'cache-control': `public, max-age=${maxAgeSeconds}` };
  try {
    await colo.put(key, new Response(bytes, { headers }));
  } catch {
    // ignored: the next request renders again
  }
}
