/**
 * Image responses (PNG, or SVG when asked) with a strong ETag and conditional GET: a client or CDN that already holds the
 * bytes (`If-None-Match` with the same ETag) gets a 304 and no body.
 */

/** Whether an `If-None-Match` header value matches `etag` (weak comparison, as RFC 9110 asks). */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * A 200 with `bytes`, or a 304 when the request's `If-None-Match` already names `etag`.
 *
 * @example
 * return pngResponse(c.req.raw, png, '"9f…"', { 'cache-control': 'public, max-age=86400' });
 */
export function pngResponse(
  request: Request,
  bytes: Uint8Array,
  etag: string,
  headers: Record<string, string>,
  contentType = 'image/png',
): Response {
  const all = { ...headers, 'content-type': contentType, etag };
  if (matchesEtag(request.headers.get('if-none-match'), etag))
    return new Response(null, { status: 304, headers: all });
  return new Response(bytes, { headers: { ...all, 'content-length': String(bytes.length) } });
}
