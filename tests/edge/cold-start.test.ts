/**
 * Cold start: a fresh isolate's first personalised answer loads the user's shard and the
 * router's centroids beside the manifest (named by the pointer's `hot` refs), not after it, and
 * leaves what it does not need (fallback lists, fold-in Gramian) until it has answered. The
 * origin answers every read 150 ms late and logs when each read started and ended (as an order
 * of events, not times), so the test sees which reads were open together.
 */
import { describe, expect, it } from 'vitest';
import { CurrentPointer } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import { faultVars, originReads, timedCall } from './support/faults.ts';
import { fixture, fixtureBytes, fixtureManifest } from './support/fixture.ts';

describe('cold first answer', () => {
  it('reads the user shard and the centroids while the manifest is still loading', async () => {
    const pointer = CurrentPointer.parse(
      JSON.parse(new TextDecoder().decode(await fixtureBytes('manifests/current.json'))),
    );
    expect(pointer.hot).toBeDefined();
    const manifest = await fixtureManifest();
    const user = fixture.users[0]!;
    const userShard = manifest.users.shards[bucketOf(user.userId, manifest.users.shardCount)]!.key;
    const { run, vars } = faultVars('slow-150', 'all', {
      REQUEST_DEADLINE_MS: '20000',
      SHARD_LOAD_TIMEOUT_MS: '20000',
    });
    const answer = await timedCall(vars, `/v1/users/${user.userId}/recommendations?k=${fixture.k}`);
    expect(answer.status).toBe(200);
    expect(answer.body.strategy).toBe('user_vector');
    expect(answer.body.items.length).toBe(fixture.k);
    const reads = await originReads(run);
    const read = (key: string) => {
      const r = reads.find((x) => x.key === key);
      if (r === undefined) throw new Error(`the origin never served ${key}`);
      return r;
    };
    const manifestRead = read(pointer.manifestKey);
    // Each started before the manifest read ended: the three were in flight together.
    expect(read(userShard).start).toBeLessThan(manifestRead.end);
    expect(read(manifest.items.index.centroids.key).start).toBeLessThan(manifestRead.end);
    // …and only after the pointer named them.
    expect(read(userShard).start).toBeGreaterThan(read('manifests/current.json').end);
  });

  it('loads the fallback lists and the fold-in Gramian only after the answer has read its lists', async () => {
    const manifest = await fixtureManifest();
    const { run, vars } = faultVars('slow-150', 'all', {
      REQUEST_DEADLINE_MS: '20000',
      SHARD_LOAD_TIMEOUT_MS: '20000',
    });
    const user = fixture.users[0]!;
    const answer = await timedCall(vars, `/v1/users/${user.userId}/recommendations?k=${fixture.k}`);
    expect(answer.body.strategy).toBe('user_vector');
    const reads = await originReads(run);
    const listKeys = new Set(manifest.items.index.lists.flatMap((l) => [l.shard.key, l.metadata.key]));
    const listReads = reads.filter((r) => listKeys.has(r.key));
    expect(listReads.length).toBeGreaterThan(0);
    const lastListEnd = Math.max(...listReads.map((r) => r.end));
    // Still warmed for the next request (timedCall waits for the background work)…
    for (const key of [manifest.fallback.key, manifest.foldIn.gramian.key]) {
      const read = reads.find((r) => r.key === key);
      expect(read, key).toBeDefined();
      // …but not one of them competed with the answer's own reads.
      expect(read!.start).toBeGreaterThan(lastListEnd);
    }
  });
});
