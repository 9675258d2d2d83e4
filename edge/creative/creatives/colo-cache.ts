/**
 * On-demand creatives in the colo cache (`caches.default`). The key names the generator blob's
 * sha256, the brand kit's and the validated request — never the raw URL — so extra query
 * parameters do not split the cache and a new model or kit is never answered from an old entry.
 */
import type { WebCache } from '../../lib/index.ts';
import type { CreativeRequest } from './request.ts';

/** Cache keys are URLs; this host is never fetched, it only namespaces the entries. */
const KEY_BASE = 'https://vitrine-creative.internal/v1/creatives/';

/**
 * What an entry holds, in its key, so that older entries are never read: before 2 a category
 * banner's entry carried an empty or malformed `x-vitrine-uncovered` header (the code point
 * array as the header's text) and a label with a parent no font draws in boxes.
 */
const ENTRY_FORMAT = 2;

/** The cache key of `request` drawn by the generator `generatorSha256` with brand kit `kitId`. */
export function creativeCacheKey(generatorSha256: string, kitId: string, r: CreativeRequest): string {
  const category = encodeURIComponent(r.category);
  return `${KEY_BASE}f${ENTRY_FORMAT}/${generatorSha256}/${kitId}/${category}/${r.seed}/${r.size}/${r.template}.${r.format}`;
}

/** An image in the colo cache, with the banner headers that describe it (picture: item banners only). */
export interface CachedImage {
  bytes: Uint8Array;
  etag: string;
  contentType: string;
  picture?: string;
  uncovered?: string;
}

/** A cached image, or undefined on a miss or when the cache itself fails. */
export async function matchImage(colo: WebCache, key: string): Promise<CachedImage | undefined> {
  try {
    const res = await colo.match(key);
    if (res === undefined) return undefined;
    const etag = res.headers.get('etag');
    const contentType = res.headers.get('content-type') ?? 'image/png';
    const bytes = new Uint8Array(await res.arrayBuffer());
    // Which picture an item banner shows and what a banner's copy lacks, stored with it so a hit still says so.
    const picture = res.headers.get('x-vitrine-picture') ?? undefined;
    const uncovered = res.headers.get('x-vitrine-uncovered') ?? undefined;
    if (etag === null) return undefined;
    return {
      bytes,
      etag,
      contentType,
      ...(picture === undefined ? {} : { picture }),
      ...(uncovered === undefined ? {} : { uncovered }),
    };
  } catch {
    return undefined; // a broken cache layer is a miss, never an error
  }
}

/** Stores an image for `maxAgeSeconds`; failures are swallowed (the cache is an optimisation). */
export async function putImage(colo: WebCache, key: string, image: CachedImage, maxAgeSeconds: number) {
  const { bytes, etag, contentType, picture, uncovered } = image;
  const headers: Record<string, string> = {
    'content-type': contentType,
    etag,
    'cache-control': `public, max-age=${maxAgeSeconds}`,
  };
  if (picture !== undefined) headers['x-vitrine-picture'] = picture;
  if (uncovered !== undefined) headers['x-vitrine-uncovered'] = uncovered;
  try {
    await colo.put(key, new Response(bytes, { headers }));
  } catch {
    // ignored: the next request renders again
  }
}
