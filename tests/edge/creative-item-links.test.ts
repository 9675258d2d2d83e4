/**
 * `creativeUrl` when the live model publishes item cards: every catalogue item links to its own
 * banner on the creative Worker's per-item route (its title, price, brand and picture), in the
 * slot the request names, seeded by its id for a generated fallback.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemCreativeQuery, Manifest } from '#shared/schemas';
import { fnv1a32 } from '#shared/sharding';
import { type Linked, ORIGIN, userUrl } from './support/creative-links.ts';
import { call, fixtureManifest, publishAndRefresh, publishToBucket } from './support/fixture.ts';

beforeAll(publishToBucket);

describe('creativeUrl with item cards', () => {
  it('links every catalogue item to its own banner route, seeded by its id, in the slot asked for', async () => {
    const base = await fixtureManifest();
    // The recommend Worker only needs to know that cards exist; the creative Worker reads them.
    const card = { key: `blobs/${'d'.repeat(64)}`, sha256: 'd'.repeat(64), size: 100 };
    const itemCards = { hash: 'fnv1a32' as const, shardCount: 1, shards: [card] };
    const manifest = Manifest.parse({ ...base, version: 'fixture-cards-3', itemCards });
    await publishAndRefresh(manifest);

    const { body } = await call<Linked>(
      userUrl('creatives=1&creativeSize=leaderboard&creativeTemplate=bold'),
    );
    expect(body.modelVersion).toBe('fixture-cards-3');
    expect(body.items.length).toBeGreaterThan(1);
    for (const item of body.items) {
      const url = new URL(item.creativeUrl ?? '');
      expect(url.origin + url.pathname).toBe(
        `${ORIGIN}/v1/creatives/items/${encodeURIComponent(item.itemId)}`,
      );
      expect(ItemCreativeQuery.parse(Object.fromEntries(url.searchParams))).toEqual({
        seed: fnv1a32(item.itemId),
        size: 'leaderboard',
        template: 'bold',
        picture: 'auto',
        format: 'png',
      });
    }
  });
});
