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
