/**
 * A cold isolate parses the manifest without its IVF list refs (`ManifestHead`) and checks each
 * list ref against `IvfList` when a search first reads that list. A malformed ref costs only its
 * list (reported like a corrupt list blob) and is never read; a manifest whose bytes do not
 * match the pointer's sha256 is still refused whole, before anything in it is parsed.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import type { Manifest } from '#shared/schemas';
import { putLiveBytes } from '../support/live-manifest.ts';
import { type Answer, callWith, fixture, fixtureManifest, ids, publishToBucket } from './support/fixture.ts';

const NO_COLO = { EDGE_CACHE_TTL_SECONDS: '0' };
const userUrl = () =>
  `/v1/users/${fixture.users[0]!.userId}/recommendations?k=${fixture.k}&nprobe=${fixture.lists}`;
const bytesOf = (m: unknown) => new TextEncoder().encode(JSON.stringify(m));

/** `manifest` as `version`, with list `listNo`'s shard key replaced by `key`. */
function withListKey(manifest: Manifest, version: string, listNo: number, key: string): Manifest {
  const lists = manifest.items.index.lists.map((l, i) =>
    i === listNo ? { ...l, shard: { ...l.shard, key } } : l,
  );
  return { ...manifest, version, items: { ...manifest.items, index: { ...manifest.items.index, lists } } };
}

describe('IVF list refs checked when first read', () => {
  beforeEach(async () => {
    await publishToBucket();
    vi.restoreAllMocks();
  });

  it('skips a list whose manifest ref is malformed, without reading it, and answers from the rest', async () => {
    const manifest = await fixtureManifest();
    const listNo = manifest.items.index.lists.findIndex((l) => l.shard.key === fixture.corruptible.key);
    expect(listNo).toBeGreaterThanOrEqual(0);
    // Not a blobs/<sha256> key, and absent from the bucket: read, it would say shard_missing.
    const version = `${fixture.version}-bad-ref`;
    await putLiveBytes(env.BUCKET, version, bytesOf(withListKey(manifest, version, listNo, 'blobs/nope')));
    const warn = vi.spyOn(console, 'warn');
    const { status, body } = await callWith<Answer>(NO_COLO, userUrl());
    expect(status).toBe(200);
    expect(body.modelVersion).toBe(version);
    expect(body.strategy).toBe('user_vector');
    expect(body.degraded?.reason).toBe('shard_corrupt');
    expect(body.items).toHaveLength(fixture.k);
    expect(ids(body).filter((id) => fixture.corruptible.ids.includes(id))).toEqual([]);
    const lines = warn.mock.calls.map((c) => JSON.parse(String(c[0])) as { event: string; detail?: string });
    const degraded = lines.find((l) => l.event === 'answer_degraded');
    expect(degraded?.detail).toContain(`items.index.lists.${listNo}.shard.key`);
  });

  it('answers exactly as before from a manifest whose list refs are all well formed', async () => {
    const { status, body } = await callWith<Answer>(NO_COLO, userUrl());
    expect(status).toBe(200);
    expect(body.degraded).toBeUndefined();
    expect(ids(body)).toEqual(fixture.users[0]!.exact);
  });

  it("refuses a manifest whose bytes do not match the pointer's sha256", async () => {
    const manifest = await fixtureManifest();
    const version = `${fixture.version}-tampered`;
    const pinned = bytesOf({ ...manifest, version });
    // Same version and schema-valid, one list's count changed: only the digest tells them apart.
    const tampered = structuredClone({ ...manifest, version });
    tampered.items.index.lists[0]!.count += 1;
    await putLiveBytes(env.BUCKET, version, bytesOf(tampered), await sha256Hex(pinned));
    const { status, body } = await callWith<Answer>(NO_COLO, userUrl());
    expect(status).toBe(200);
    expect(body).toMatchObject({ modelVersion: null, strategy: 'popular_fallback', items: [] });
    expect(body.degraded?.reason).toBe('no_model');
  });
});
