/**
 * `file://` store URIs → directory paths. Kept apart from FsStore so config validation can
 * check a URI without touching the disk.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '#shared/errors';

/**
 * Turns a `file://` URI into an absolute directory path.
 * `file:///var/vitrine` is absolute; `file://.vitrine/store` (no third slash) is resolved against
 * the current directory, a convenience for local runs that standard file URLs do not have.
 *
 * @example
 * parseFileUri('file://.vitrine/store'); // '/home/me/project/.vitrine/store'
 */
export function parseFileUri(uri: string): string {
  const bad = (why: string, cause?: unknown) =>
    new AppError('invalid_argument', `invalid file store URI ${JSON.stringify(uri)}: ${why}`, {
      field: 'uri',
      cause,
    });
  if (!uri.startsWith('file://')) throw bad('expected file://');
  const rest = uri.slice('file://'.length);
  if (rest === '' || rest === '/') throw bad('no directory given');
  if (/[?#]/.test(rest)) throw bad('query strings and fragments are not supported');
  try {
    return rest.startsWith('/') ? fileURLToPath(uri) : resolve(decodeURIComponent(rest));
  } catch (cause) {
    throw bad('not a valid file URL', cause);
  }
}

/** True when `location` starts with a URI scheme (`file://`, `s3://`, `mem://`, …). */
export function hasScheme(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/**
 * A location as the CLI and loaders take it: a URI unchanged, and a plain path (`./orders.csv`,
 * `.vitrine/out`, `/abs/path`) as the `file://` URI of its absolute path, so everything that
 * takes a store or a file takes a path too. A trailing `/` (a prefix) is kept.
 *
 * @example
 * locationUri('./orders.csv'); // 'file:///home/me/shop/orders.csv'
 * locationUri('s3://bucket/x'); // unchanged
 */
export function locationUri(location: string): string {
  if (location === '' || hasScheme(location)) return location;
  const absolute = resolve(location);
  const dir = /[\\/]$/.test(location) && absolute !== '/' ? '/' : '';
  return `file://${absolute.split('\\').join('/')}${dir}`;
}
