/**
 * Maps failures of the S3 client to `AppError` kinds, by the shape the SDK gives them (service
 * errors carry `name` and `$metadata.httpStatusCode`; transport errors are Node errors with a
 * `code`), so this file needs no SDK import and stays testable with plain objects.
 *
 * - missing object (NoSuchKey, NotFound, other 404s) → `not_found`
 * - missing bucket → `unavailable`: the store is misconfigured, the blob is not "absent"
 * - bad or missing credentials (401/403) → `permission_denied`
 * - everything else (refused connections, timeouts, resets, 5xx, throttling) → `unavailable`,
 *   with the original error as `cause`.
 */
import { AppError } from '#shared/errors';

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound']);
const DENIED = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden']);

function describe(e: SdkErrorShape, status: number | undefined): string {
  const parts = [e.name, e.code, status === undefined ? undefined : `HTTP ${status}`, e.message];
  return parts.filter((p) => typeof p === 'string' || typeof p === 'number').join(': ');
}

/**
 * @param op what was attempted, for the message (`get`, `put`, `list`…)
 * @param key the store-relative key, when the operation has one (`not_found` needs it)
 * @example
 * try { await client.send(cmd) } catch (e) { throw mapS3Error(e, 'get', key, store.uri) }
 */
export function mapS3Error(error: unknown, op: string, key: string | undefined, storeUri: string): AppError {
  if (error instanceof AppError) return error;
  const e: SdkErrorShape = typeof error === 'object' && error !== null ? error : { message: String(error) };
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const name = typeof e.name === 'string' ? e.name : '';
  const what = `${op}${key === undefined ? '' : ` ${key}`} in ${storeUri}`;

  if (name === 'NoSuchBucket') {
    return new AppError('unavailable', `${what} failed: the bucket does not exist`, { key, cause: error });
  }
  if (key !== undefined && (NOT_FOUND.has(name) || status === 404)) {
    return new AppError('not_found', `no blob at ${key} in ${storeUri}`, { key, cause: error });
  }
  if (DENIED.has(name) || status === 401 || status === 403) {
    return new AppError('permission_denied', `${what} was refused: ${describe(e, status)}`, {
      key,
      cause: error,
    });
  }
  return new AppError('unavailable', `${what} failed: ${describe(e, status)}`, { key, cause: error });
}
