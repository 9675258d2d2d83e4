/**
 * From untrusted input to a schema's value, one way everywhere: a zod failure becomes an
 * `AppError` (or a report line) naming the first issue's path, and stored bytes become JSON,
 * then the schema's value (`corrupt` when either step fails: stored documents are ours, so
 * damage is corruption).
 */
import type * as z from 'zod';
import { AppError, type AppErrorDetails, type ErrorKind } from '../errors/errors.ts';
import { err, ok, type Result } from '../errors/result.ts';

export interface FirstIssue {
  /** Dotted path (`items.0.itemId`); an unknown key is named itself, not its parent; `root` at the top. */
  field: string;
  message: string;
  /** zod's issue code (`invalid_type` for a missing required value, `too_small`, …). */
  code: string;
}

/**
 * The first issue of a failed parse, as a field and a message.
 *
 * @example
 * const { field, message } = firstIssue(parsed.error, 'body'); // { field: 'k', message: 'Too big: …' }
 */
export function firstIssue(error: z.ZodError, root = ''): FirstIssue {
  const issue = error.issues[0];
  const path =
    issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
  return {
    field: path.length === 0 ? root : path.map(String).join('.'),
    message: issue?.message ?? 'invalid',
    code: issue?.code ?? 'custom',
  };
}

/**
 * The first issue as one line, "<field>: <message>" (just the message at the root): the reason a
 * loader's report gives for a bad row.
 *
 * @example
 * report.bad(source, line, issueText(parsed.error), text); // 'price: Too small: expected number to be >=0'
 */
export function issueText(error: z.ZodError): string {
  const { field, message } = firstIssue(error);
  return field === '' ? message : `${field}: ${message}`;
}

/**
 * A failed parse as one `AppError`: "<what> <field>: <message>" (`what` may be empty), with the
 * field attached except for `corrupt` (stored documents name their `key` instead). `at` is where
 * the parsed value sits in a larger input (`items.3`): it prefixes the field.
 *
 * @example
 * const parsed = WorkerVars.safeParse(vars);
 * if (!parsed.success) throw zodError(parsed.error, 'precondition_failed', 'invalid Worker var');
 */
export function zodError(
  error: z.ZodError,
  kind: ErrorKind,
  what: string,
  details: AppErrorDetails & { root?: string; at?: string } = {},
): AppError {
  const { root, at, ...rest } = details;
  const issue = firstIssue(error, root);
  const message = issue.message;
  const field = at === undefined ? issue.field : [at, issue.field].filter((p) => p !== '').join('.');
  const subject = [what, field].filter((part) => part !== '').join(' ');
  const withField = kind === 'corrupt' || field === '' ? rest : { field, ...rest };
  return new AppError(kind, `${subject === '' ? '' : `${subject}: `}${message}`, withField);
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
  if (parsed.success) return ok(parsed.data);
  const { field, message } = firstIssue(parsed.error);
  const where = field === '' ? '' : ` at ${field}`;
  return err(new AppError('corrupt', `${what} does not match its schema${where}: ${message}`, details));
}
