/**
 * `POST /v1/admin/users/delete { userIds }`: files a `DeletionRequest` (shared/src/schemas/privacy.ts)
 * in the bucket the events go to; the next pipeline run removes those users' events and vectors
 * (the pipeline's side is `vitrine users delete`'s too). 202: stored, not yet applied.
 */
import { Hono } from 'hono';
import { DeleteUsersAccepted, DeleteUsersBody, DeletionRequest, deletionKey } from '#shared/schemas';
import { parseInput, R2Store, readJson } from '../../lib/index.ts';
import { requireAdmin } from '../access/index.ts';
import type { AppEnv } from './request.ts';

export const adminRoutes = new Hono<AppEnv>().post('/v1/admin/users/delete', async (c) => {
  await requireAdmin(c.env, c.req.header('Authorization'));
  const { userIds } = parseInput(DeleteUsersBody, await readJson(c.req.raw), 'body');
  const now = Date.now();
  const request = DeletionRequest.parse({
    userIds: Array.from(new Set(userIds)),
    requestedAt: new Date(now).toISOString(),
    source: 'admin',
  });
  const key = deletionKey(now, crypto.randomUUID().replaceAll('-', '').slice(0, 12));
  await new R2Store(c.env.BUCKET).put(key, new TextEncoder().encode(JSON.stringify(request)), {
    contentType: 'application/json',
  });
  const body = DeleteUsersAccepted.parse({ key, userIds: request.userIds.length });
  return c.json(body, 202, { 'Cache-Control': 'no-store' });
});
