/// <reference path="./text-modules.d.ts" />
/**
 * `GET /widget.js`: the `<vitrine-recs>` bundle (built from edge/widget/src by edge/widget/build.ts
 * and imported as text, so it ships inside the Worker: no second origin, no bucket read).
 *
 * Caching: one URL that shops paste into their pages must pick up fixes, so it is cached for a
 * day (then served stale for a week while revalidating) with a strong ETag: revalidation is a
 * 304 without a body. The ETag is the bundle's sha256, computed once per isolate.
 */
import { Hono } from 'hono';
import { sha256Hex } from '#shared/crypto';
import source from '../../widget/dist/vitrine-recs.js.txt';

const CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=604800';
const bytes = new TextEncoder().encode(source);
let etag: Promise<string> | undefined;

/** `"<first 32 hex of sha256>"` of the bundle. */
export function widgetEtag(): Promise<string> {
  etag ??= sha256Hex(bytes).then((hex) => `"${hex.slice(0, 32)}"`);
  return etag;
}

/** True when an `If-None-Match` value names `tag` (a list, weak forms and `*` included). */
function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === tag || t === '*');
}

export const widgetRoutes = new Hono<{ Bindings: Env }>().get('/widget.js', async (c) => {
  const tag = await widgetEtag();
  const headers = {
    ETag: tag,
    'Cache-Control': CACHE_CONTROL,
    // Pages may load it with crossorigin="anonymous" (SRI); it holds nothing private.
    'Access-Control-Allow-Origin': '*',
  };
  if (matches(c.req.header('If-None-Match'), tag)) return c.body(null, 304, headers);
  return c.body(source, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
});
