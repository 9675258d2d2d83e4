/**
 * Worker vars (wrangler.toml `[vars]`) are parsed with their shared zod schema once per isolate.
 * A var that does not parse is a deployment mistake: it must be loud (`precondition_failed`,
 * naming the var), never a quietly degraded answer. Both Workers and event ingestion use this.
 */
import type * as z from 'zod';
import { zodError } from '#shared/schemas/decode';

/**
 * `vars` parsed by `schema`, or AppError('precondition_failed') naming the first bad var.
 *
 * @example
 * const config = parseWorkerVars(RecommendWorkerVars, { MANIFEST_TTL_SECONDS: env.MANIFEST_TTL_SECONDS });
 */
export function parseWorkerVars<S extends z.ZodType>(schema: S, vars: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(vars);
  if (parsed.success) return parsed.data;
  throw zodError(parsed.error, 'precondition_failed', 'invalid Worker var');
}
