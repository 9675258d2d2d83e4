/**
 * Time bounds for the edge's I/O. In workerd a promise whose I/O belongs to a request that has
 * finished may never settle (the runtime cancels that request's outstanding I/O and timers), so
 * nothing shared between requests may be awaited without a bound of the waiter's own: the timer
 * here is created by whoever awaits, in its own request, and always settles the race.
 */
import { AppError } from '#shared/errors';

/**
 * `promise`, or a rejection with `onTimeout()` if it has not settled within `ms`
 * (no timer at all for an infinite bound; the timer is cleared once the race is decided).
 *
 * @example
 * const bytes = await withDeadline(origin.get(key), 5_000, () => new AppError('unavailable', 'timed out'));
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => AppError): Promise<T> {
  if (ms === Number.POSITIVE_INFINITY) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(0, ms));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The error of a request whose time budget is spent. */
export const deadlineExceeded = (what: string): AppError =>
  new AppError('deadline_exceeded', `${what}: the request's deadline passed`);

/** The error of one load that took longer than its own bound. */
export const loadTimedOut = (what: string, ms: number): AppError =>
  new AppError('unavailable', `${what}: no answer within ${ms} ms`);
