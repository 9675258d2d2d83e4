import { SELF } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { AppError } from '#shared/errors';

it('answers health', async () => {
  const res = await SELF.fetch('https://x/v1/health');
  expect(res.status).toBe(200);
  expect(new AppError('not_found', 'x').kind).toBe('not_found');
});
