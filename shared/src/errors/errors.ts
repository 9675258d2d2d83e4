/**
 * The one closed set of expected failures in Vitrine.
 *
 * Library code returns `Result<T>` (or throws `AppError` across async boundaries where a
 * Result would only be re-thrown); each HTTP boundary maps `AppError.kind` to a status once.
 * Anything that is not an `AppError` is a programmer mistake and surfaces as a 500.
 */

export const ERROR_KINDS = [
  'invalid_argument',
  'not_found',
  'corrupt',
  'unavailable',
  'unauthenticated',
  'permission_denied',
  'resource_exhausted',
  'payload_too_large',
  'precondition_failed',
  'deadline_exceeded',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** HTTP status for each kind; the only place this mapping lives. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid_argument: 400,
  not_found: 404,
  corrupt: 502,
  unavailable: 503,
  unauthenticated: 401,
  permission_denied: 403,
  resource_exhausted: 429,
  payload_too_large: 413,
  precondition_failed: 412,
  // A request ran out of its time budget (the edge answers degraded instead where it can).
  deadline_exceeded: 504,
  // A programmer error: only ever produced by the HTTP boundary for a thrown non-AppError.
  internal: 500,
};

/**
 * Kinds that describe an I/O failure (a blob or service that is broken, missing, slow or
 * unreachable): the only failures a serving path may absorb into a degraded answer. Anything
 * else reaching a degradation point is a bug and must surface as a 500.
 */
export const IO_ERROR_KINDS: ReadonlySet<ErrorKind> = new Set([
  'corrupt',
  'not_found',
  'unavailable',
  'deadline_exceeded',
]);

/** True for an `AppError` whose kind is an I/O failure (see `IO_ERROR_KINDS`). */
export function isIoError(value: unknown): value is AppError {
  return value instanceof AppError && IO_ERROR_KINDS.has(value.kind);
}

export interface AppErrorDetails {
  /** The request field or config key at fault, when there is one. */
  field?: string;
  /** Storage key, blob name or similar that the error is about. */
  key?: string;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly key: string | undefined;

  constructor(kind: ErrorKind, message: string, details: AppErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.field = details.field;
    this.key = details.key;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
