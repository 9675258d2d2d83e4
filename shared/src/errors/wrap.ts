/**
 * What a degradation point may absorb: an I/O failure (see `IO_ERROR_KINDS`) is returned as is,
 * so the caller can note it and serve a degraded answer; anything else is a bug and is rethrown,
 * so it reaches the one error mapping as a 500 instead of a quietly degraded answer.
 */
import { type AppError, isIoError } from './errors.ts';

/**
 * @example
 * try { await loadList(n) } catch (error) { failures.push(ioFailure(error)); }
 */
export function ioFailure(error: unknown): AppError {
  if (isIoError(error)) return error;
  throw error;
}
