/**
 * Request validation with the shared zod schemas. The first issue becomes an
 * `AppError('invalid_argument')` whose `field` is the dotted path of the offending value
 * (`k`, `items.3`, `userId`), so the 400 says exactly what to fix.
 */

import type { z } from 'zod';
import { AppError } from '#shared/errors';
import { zodError } from '#shared/schemas/decode';

/** Largest JSON body accepted (200 item ids + 500 exclusions of 128 characters fit easily). */
export const MAX_BODY_BYTES = 128 * 1024;

/**
 * `schema.parse(input)`, with failures as `invalid_argument` naming the field.
 *
 * @example
 * const query = parseInput(RecommendationQuery, c.req.query());
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = 'body'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw zodError(parsed.error, 'invalid_argument', '', { root });
}

/**
 * The request body as JSON: `payload_too_large` over `MAX_BODY_BYTES`, `invalid_argument`
 * (field `body`) when it is not JSON.
 *
 * @example
 * const body = parseInput(SessionRecommendationRequest, await readJson(c.req.raw));
 */
export async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    throw new AppError('payload_too_large', `body is ${declared} bytes; the limit is ${MAX_BODY_BYTES}`, {
      field: 'body',
    });
  }
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) {
    throw new AppError('payload_too_large', `body exceeds ${MAX_BODY_BYTES} bytes`, { field: 'body' });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_argument', 'body: must be a JSON object', { field: 'body' });
  }
}
