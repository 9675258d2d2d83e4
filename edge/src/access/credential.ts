/**
 * Where a request carries a credential: a header, or — for callers that cannot set headers
 * (`navigator.sendBeacon`, a link, a curl example) — a query parameter. One reader for every
 * credential (publishable key, user token), so they all treat an empty value the same way.
 */

/**
 * The non-empty value of `header`, else of the `param` query parameter, else null.
 *
 * @example
 * credentialOf(request, 'X-Vitrine-Key', 'key'); // 'pk_…' or null
 */
export function credentialOf(request: Request, header: string, param: string): string | null {
  const fromHeader = request.headers.get(header);
  if (fromHeader !== null && fromHeader !== '') return fromHeader;
  const fromQuery = new URL(request.url).searchParams.get(param);
  return fromQuery === null || fromQuery === '' ? null : fromQuery;
}
