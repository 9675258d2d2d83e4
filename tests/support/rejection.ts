/** What a promise rejects with, asserted to be an `AppError` (a resolved promise fails the test). */
import { expect } from 'vitest';
import { AppError } from '#shared/errors';

export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
