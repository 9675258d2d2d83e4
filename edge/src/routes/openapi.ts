/** `GET /openapi.json`: built from the zod schemas on first request, then kept per isolate. */
import { Hono } from 'hono';
import { buildOpenApiDocument } from '../openapi/index.ts';
import type { AppEnv } from './request.ts';

let document: Record<string, unknown> | undefined;

export const openApiRoutes = new Hono<AppEnv>().get('/openapi.json', (c) => {
  document ??= buildOpenApiDocument();
  return c.json(document, 200, { 'Cache-Control': 'public, max-age=300' });
});
