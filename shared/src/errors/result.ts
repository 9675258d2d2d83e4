/**
 * `Result<T>`: how expected failures travel without exceptions (decoding untrusted bytes,
 * parsing user input). Throw only for programmer mistakes.
 */
import type { AppError } from './errors.ts';

export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E = AppError>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** Returns the value or throws the error: for callers that are themselves a boundary. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
