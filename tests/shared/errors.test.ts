import { expect, it } from 'vitest';
import { AppError, HTTP_STATUS } from '#shared/errors';

it('maps kinds', () => {
  expect(HTTP_STATUS[new AppError('not_found', 'x').kind]).toBe(404);
});
