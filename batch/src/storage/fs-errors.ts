/**
 * Node file-system errors → `AppError` kinds for FsStore, in one place:
 * - nothing at the key (ENOENT; ENOTDIR: a parent is a file; EISDIR: the key is a directory of
 *   other keys) → `not_found` on reads;
 * - a key that cannot exist in a directory tree next to another (ENOTDIR/EISDIR/EEXIST on write)
 *   or is too long for the file system → `invalid_argument`;
 * - anything else (EACCES, EIO, ENOSPC, EFBIG, …) → `unavailable` with the original as `cause`.
 */
import { AppError } from '#shared/errors';

/** The `code` of a Node system error (`ENOENT`…), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** True for the codes that mean "no file at this path". */
export function isMissing(error: unknown): boolean {
  const c = errorCode(error);
  return c === 'ENOENT' || c === 'ENOTDIR' || c === 'EISDIR';
}

/** An IO failure of the store itself. */
export function ioError(storeUri: string, error: unknown, what: string, path: string): AppError {
  const c = errorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new AppError('unavailable', `file store ${storeUri}: cannot ${what} (${c} at ${path})`, {
    cause: error,
  });
}

/** Maps a failed read (get/head) of `key`. */
export function readError(storeUri: string, error: unknown, key: string, path: string): AppError {
  if (error instanceof AppError) return error;
  if (isMissing(error))
    return new AppError('not_found', `no blob at ${key} in ${storeUri}`, { key, cause: error });
  return ioError(storeUri, error, `read ${key}`, path);
}

/** Maps a failed put of `key`. */
export function writeError(storeUri: string, error: unknown, key: string, path: string): AppError {
  const c = errorCode(error);
  if (c === 'ENOTDIR' || c === 'EISDIR' || c === 'EEXIST') {
    return new AppError(
      'invalid_argument',
      `cannot put ${key} in ${storeUri}: a file store cannot hold both a key and keys below it`,
      { field: 'key', key, cause: error },
    );
  }
  if (c === 'ENAMETOOLONG') {
    return new AppError('invalid_argument', `key ${key} is too long for this file system`, {
      field: 'key',
      key,
      cause: error,
    });
  }
  return ioError(storeUri, error, `write ${key}`, path);
}
