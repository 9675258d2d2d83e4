/**
 * `POST /v1/admin/users/delete`: refused without the admin secret, and with it a
 * `DeletionRequest` document (shared/src/schemas/privacy.ts) lands in the bucket for the pipeline.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DELETIONS_PREFIX, DeletionRequest } from '#shared/schemas';

const ADMIN = 'test-admin-secret-0123456789'; // vitest.config.ts binds it as ADMIN_SECRET

const remove = (body: unknown, authorization?: string) =>
  SELF.fetch('https://vitrine.test/v1/admin/users/delete', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });

const stored = async () => (await env.BUCKET.list({ prefix: DELETIONS_PREFIX })).objects.map((o) => o.key);

describe('POST /v1/admin/users/delete', () => {
  it('answers 401 without the admin secret or with a wrong one, and stores nothing', async () => {
    for (const auth of [undefined, 'Bearer wrong-secret-0123456789', `Basic ${ADMIN}`, `Bearer ${ADMIN}x`]) {
      const res = await remove({ userIds: ['u1'] }, auth);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { kind: string } }).error.kind).toBe('unauthenticated');
    }
    expect(await stored()).toEqual([]);
  });

  it('stores a DeletionRequest for the pipeline and answers 202 with its key', async () => {
    const res = await remove({ userIds: ['u1', 'u2', 'u1'] }, `Bearer ${ADMIN}`);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { key: string; userIds: number };
    expect(body.userIds).toBe(2);
    expect(await stored()).toContain(body.key);
    const doc = DeletionRequest.parse(await (await env.BUCKET.get(body.key))!.json());
    expect(doc).toMatchObject({ userIds: ['u1', 'u2'], source: 'admin' });
    expect(Math.abs(Date.parse(doc.requestedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('rejects a malformed body with 400 naming the field', async () => {
    const res = await remove({ userIds: [] }, `Bearer ${ADMIN}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('userIds');
  });
});
