/**
 * Fault injection: item shards, list shards, user shards, the manifests and the whole origin are
 * made slow, hanging, failing (5xx), truncated or wrong (sha256 mismatch) by the fault origin,
 * and every recommendation route must still answer — a 200 within a bound — saying why in a
 * reason code only (no keys, origins or hashes in the answer).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DegradedReason, type Manifest } from '#shared/schemas';
import { ANSWER_BOUND_MS, faultVars, timedCall } from './support/faults.ts';
import { fixture, fixtureManifest } from './support/fixture.ts';

let manifest: Manifest;
beforeAll(async () => {
  manifest = await fixtureManifest();
});

// 16 hex digits of a blob's sha256 are enough to target it (and keep the URLs short).
const sha = (key: string) => key.slice(key.lastIndexOf('/') + 1, key.lastIndexOf('/') + 17);
const TARGETS: Record<string, () => string[] | 'all'> = {
  'item shards': () => manifest.items.byId.shards.map((s) => sha(s.key)),
  'list shards': () => manifest.items.index.lists.flatMap((l) => [sha(l.shard.key), sha(l.metadata.key)]),
  'user shards': () => manifest.users.shards.map((s) => sha(s.key)),
  manifests: () => ['manifests/'],
  'the whole origin': () => 'all',
};
const MODES = ['slow-250', 'hang', 'status-503', 'truncate', 'flip'];
const REASONS: readonly string[] = DegradedReason.options;

const routes = () => {
  const user = fixture.users[0]!;
  const item = fixture.similar[0]!.itemId;
  const post = { method: 'POST', headers: { 'content-type': 'application/json' } };
  return [
    { path: `/v1/users/${user.userId}/recommendations?k=${fixture.k}` },
    { path: `/v1/items/${item}/similar?k=${fixture.k}` },
    {
      path: '/v1/recommendations',
      init: { ...post, body: JSON.stringify({ items: fixture.session.items }) },
    },
  ];
};

describe('every request answers within its bound whatever the origin does', () => {
  for (const [target, keys] of Object.entries(TARGETS)) {
    for (const mode of MODES) {
      it(`${target}: ${mode}`, async () => {
        const { vars } = faultVars(mode, keys());
        for (const { path, init } of routes()) {
          const answer = await timedCall(vars, path, init);
          expect(answer.status, `${path}: ${answer.text}`).toBe(200);
          expect(answer.ms, path).toBeLessThan(ANSWER_BOUND_MS);
          if (answer.body.degraded !== undefined) {
            expect(REASONS).toContain(answer.body.degraded.reason);
            expect(Object.keys(answer.body.degraded)).toEqual(['reason']);
          }
          expect(answer.text).not.toContain('127.0.0.1');
          expect(answer.text).not.toContain('blobs/');
          expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        }
      });
    }
  }
});
