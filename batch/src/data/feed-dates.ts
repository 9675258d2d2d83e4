/**
 * When a feed's product entered the catalogue → `addedAt` (ISO 8601, UTC), the recency signal of
 * the `new_in_category` reason. Feeds carry it under many names; the first present of
 * `ADDED_AT_FIELDS` wins, in that order: explicit "added" columns, then publication dates (RSS
 * `<pubDate>`, Atom `<published>`), then the merchant-feed `availability_date` (the date a
 * pre-order becomes available: the day it is new to shoppers, so it is the last resort).
 *
 * Only unambiguous formats are read — ISO 8601 (`2026-11-30`, `2026-11-30T10:00+01:00`; no
 * offset = UTC) and RFC 822/2822 as RSS writes it (`Mon, 30 Nov 2026 10:00:00 GMT`). `12/01/2026`
 * means a different day in different countries, so such a row is reported, never guessed.
 */

/** Feed fields (after `normaliseFieldName`) read as the date added, in order of preference. */
export const ADDED_AT_FIELDS = [
  'added_at',
  'date_added',
  'created_at',
  'published_at',
  'pubdate',
  'published',
  'availability_date',
] as const;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const RFC822 =
  /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:GMT|UTC?|Z|[ECMP][SD]T|[+-]\d{4})$/;

/**
 * Parses a feed date to an ISO timestamp (UTC), or returns why it cannot.
 *
 * @example
 * parseFeedDate('Mon, 30 Nov 2026 10:00:00 GMT'); // '2026-11-30T10:00:00.000Z'
 * parseFeedDate('2026-11-30');                    // '2026-11-30T00:00:00.000Z'
 * parseFeedDate('12/01/2026');                    // a reason: ambiguous day/month order
 */
export function parseFeedDate(text: string): string | { reason: string } {
  const s = text.trim();
  let ms = Number.NaN;
  const iso = ISO.exec(s);
  if (iso) {
    // Without an offset the time is read as UTC (Date.parse would use the machine's zone).
    const withZone =
      iso[4] !== undefined && iso[7] === undefined ? `${s.replace(' ', 'T')}Z` : s.replace(' ', 'T');
    ms = Date.parse(withZone);
  } else if (RFC822.test(s)) {
    ms = Date.parse(s);
  }
  if (Number.isNaN(ms)) {
    return {
      reason: `${JSON.stringify(text)} is not a date like "2026-11-30" or "Mon, 30 Nov 2026 10:00:00 GMT"`,
    };
  }
  return new Date(ms).toISOString();
}

/**
 * The date added of one feed record (field names normalised, empty values absent): the first
 * present field of ADDED_AT_FIELDS, parsed; undefined when none is present; a reason naming the
 * field when it is malformed.
 *
 * @example
 * feedAddedAt({ id: 'sku-1', pubdate: 'Mon, 30 Nov 2026 10:00:00 GMT' }); // '2026-11-30T10:00:00.000Z'
 */
export function feedAddedAt(
  get: (name: string) => string | undefined,
): string | undefined | { reason: string } {
  for (const field of ADDED_AT_FIELDS) {
    const value = get(field);
    if (value === undefined) continue;
    const parsed = parseFeedDate(value);
    return typeof parsed === 'string' ? parsed : { reason: `${field}: ${parsed.reason}` };
  }
  return undefined;
}
