/**
 * From untrusted input to a schema's value, one way everywhere: a zod failure becomes an
 * `AppError` naming the first issue's path, and stored bytes become JSON, then the schema's
 * value (`corrupt` when either step fails: stored documents are ours, so damage is corruption).
 */
import type * as z from 'zod';
import { AppError, type AppErrorDetails, type ErrorKind } from '../errors/errors.ts';
import { err, ok, type Result } from '../errors/result.ts';

/** The first issue's dotted path (`items.0.itemId`), or '' at the root. */
export function issuePath(error: z.ZodError): string {
  return (error.issues[0]?.path ?? []).map(String).join('.');
}

/**
 * An `AppError` for a failed `safeParse`: "<what> does not match its schema at <path>: <message>"
 * (`invalid_argument` also carries the path as `field`, unless a field is given).
 *
 * @example
 * const parsed = Body.safeParse(json);
 * if (!parsed.success) return err(zodError(parsed.error, 'invalid_argument', 'request body'));
 */
export function zodError(
  error: z.ZodError,
  kind: ErrorKind,
  what: string,
  details: AppErrorDetails = {},
): AppError {
  const issue = error.issues[0];
  const path = issuePath(error);
  const where = path === '' ? '' : ` at ${path}`;
  const field = details.field ?? (kind === 'invalid_argument' && path !== '' ? path : undefined);
  return new AppError(kind, `${what} does not match its schema${where}: ${issue?.message ?? 'invalid'}`, {
    ...details,
    ...(field === undefined ? {} : { field }),
  });
}

// Node 20 and workerd both provide TextDecoder; shared/ has no platform types, so declare the slice used.
interface Utf8Global {
  TextDecoder: new (label: 'utf-8', options: { fatal: boolean }) => { decode(b: Uint8Array): string };
}
// fatal: invalid UTF-8 is damage, never patched with U+FFFD.
const utf8 = new (globalThis as unknown as Utf8Global).TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8 JSON bytes (or text) and checks them with `schema`; any failure is `corrupt`,
 * naming `what` (and `key`, the storage key, when given).
 *
 * @example
 * const pointer = decodeJson(await store.get(CURRENT_POINTER_KEY), CurrentPointer, 'pointer', CURRENT_POINTER_KEY);
 * if (!pointer.ok) throw pointer.error;
 */
export function decodeJson<S extends z.ZodType>(
  input: Uint8Array | string,
  schema: S,
  what: string,
  key?: string,
): Result<z.output<S>> {
  const details = key === undefined ? {} : { key };
  let json: unknown;
  try {
    json = JSON.parse(typeof input === 'string' ? input : utf8.decode(input));
  } catch (cause) {
    return err(
      new AppError('corrupt', `${what} is not valid UTF-8 JSON: ${String(cause)}`, { ...details, cause }),
    );
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(zodError(parsed.error, 'corrupt', what, details));
}
