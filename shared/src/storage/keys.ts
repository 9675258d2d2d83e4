/**
 * Blob key rules shared by every `BlobStore`, so a key that works in memory also works on disk,
 * in S3 and in R2, and no key can escape a store's root (`..`, absolute paths, backslashes that
 * Windows would treat as separators).
 *
 * A key is 1..1024 UTF-8 bytes (S3's and R2's limit), `/`-separated, with no empty, `.` or `..`
 * segment, no leading or trailing `/`, no backslash and no control character.
 * A list prefix follows the same rules except that it may be empty, end in `/`, or end in part
 * of a segment (`models/v1` matches `models/v10/...` too: prefixes are plain string prefixes).
 */
import { AppError, err, ok, type Result } from '../errors/index.ts';

/** Longest key in UTF-8 bytes: the S3 and R2 limit. */
export const MAX_KEY_BYTES = 1024;

// C0 controls and DEL: invisible in logs and meaningless (or invalid) in file names.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** UTF-8 length of `s` without TextEncoder (shared/ has no platform types). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

function invalid(key: string, why: string): { ok: false; error: AppError } {
  const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
  return err(
    new AppError('invalid_argument', `invalid blob key ${JSON.stringify(shown)}: ${why}`, {
      field: 'key',
      key: shown,
    }),
  );
}

function checkCommon(key: string): Result<string> {
  if (utf8Length(key) > MAX_KEY_BYTES) return invalid(key, `longer than ${MAX_KEY_BYTES} UTF-8 bytes`);
  if (key.startsWith('/')) return invalid(key, 'must be relative (no leading "/")');
  if (key.includes('\\')) return invalid(key, 'must not contain a backslash');
  if (CONTROL.test(key)) return invalid(key, 'must not contain control characters');
  return ok(key);
}

function checkSegments(key: string, segments: readonly string[]): Result<string> {
  for (const segment of segments) {
    if (segment === '') return invalid(key, 'must not contain empty segments ("//" or a trailing "/")');
    if (segment === '.' || segment === '..') return invalid(key, 'must not contain "." or ".." segments');
  }
  return ok(key);
}

/**
 * Checks a blob key against the rules above.
 *
 * @example
 * validateKey('manifests/current.json'); // { ok: true, value: 'manifests/current.json' }
 * validateKey('../etc/passwd');          // { ok: false, error: AppError('invalid_argument') }
 */
export function validateKey(key: string): Result<string> {
  if (key === '') return invalid(key, 'must not be empty');
  const common = checkCommon(key);
  if (!common.ok) return common;
  return checkSegments(key, key.split('/'));
}

/**
 * Checks a `list` prefix: like a key, but may be empty, end with `/`, or end inside a segment.
 *
 * @example
 * validatePrefix('blobs/'); // ok
 * validatePrefix('blobs/ab'); // ok: matches blobs/ab12…, blobs/abc/…
 */
export function validatePrefix(prefix: string): Result<string> {
  if (prefix === '') return ok(prefix);
  const common = checkCommon(prefix);
  if (!common.ok) return common;
  // Every complete segment (all but the last) must be a proper segment; the last one may be
  // partial, or empty when the prefix ends in "/". A partial "." or ".." can still match real
  // keys (".hidden", "..x"), so it is allowed.
  return checkSegments(prefix, prefix.split('/').slice(0, -1));
}

/** Throwing form of `validateKey`, for async store methods whose failures are rejections. */
export function assertValidKey(key: string): string {
  const result = validateKey(key);
  if (!result.ok) throw result.error;
  return result.value;
}

/** Throwing form of `validatePrefix`. */
export function assertValidPrefix(prefix: string): string {
  const result = validatePrefix(prefix);
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * Orders keys by Unicode code point, which is UTF-8 byte order: the order S3 and R2 list in.
 * (JavaScript's default sort compares UTF-16 code units and differs above U+FFFF.)
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (U+D800–U+DFFF) encode code points above U+FFFF, which sort after every BMP
    // code unit; any other pair of differing units compares directly.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}
