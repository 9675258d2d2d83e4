/**
 * `new_in_category` with a catalogue that has a recency signal. The batch fixture's catalogue
 * has none, so this file republishes the fixture model with `addedAt` in every IVF list's
 * metadata (new blobs, a new manifest, the pointer flipped, as the publisher does) and asks a
 * fresh isolate: recently added items say `new_in_category`, the others `picked_for_you`.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeShard } from '#shared/codec';
import { sha256Hex } from '#shared/crypto';
import { type Reason, ShardMetadata } from '#shared/schemas';
import {
  type Answer,
  callWith,
  fixture,
  fixtureManifest,
  type Item,
  publishToBucket,
} from './support/fixture.ts';

interface ReasonedAnswer extends Omit<Answer, 'items'> {
  items: (Item & { reason?: Reason })[];
}

const DAY = 86_400_000;
const RECENT = new Date(Date.now() - 3 * DAY).toISOString();
const OLD = '2020-01-01T00:00:00.000Z';
/** When each item was added: every other row of every list is recent. */
const addedAt = new Map<string, string>();

async function putBlob(bytes: Uint8Array) {
  const sha256 = await sha256Hex(bytes);
  const key = `blobs/${sha256}`;
  await env.BUCKET.put(key, bytes);
  return { key, sha256, size: bytes.byteLength };
}

/** Republishes the fixture model as `fixture-new` with `addedAt` in the list metadata. */
async function publishWithAddedAt(): Promise<void> {
  const manifest = await fixtureManifest();
  const text = new TextEncoder();
  for (const list of manifest.items.index.lists) {
    const object = await env.BUCKET.get(list.metadata.key);
    const meta = ShardMetadata.parse(JSON.parse(await object!.text()));
    const shard = await env.BUCKET.get(list.shard.key);
    const ids = listIds(new Uint8Array(await shard!.arrayBuffer()));
    const dates = ids.map((id, r) => {
      const at = r % 2 === 0 ? RECENT : OLD;
      addedAt.set(id, at);
      return at;
    });
    list.metadata = await putBlob(text.encode(JSON.stringify({ ...meta, addedAt: dates })));
  }
  const version = 'fixture-new';
  const bytes = text.encode(JSON.stringify({ ...manifest, version }));
  await env.BUCKET.put(`manifests/${version}.json`, bytes);
  const pointer = {
    version,
    manifestKey: `manifests/${version}.json`,
    sha256: await sha256Hex(bytes),
    publishedAt: new Date().toISOString(),
  };
  await env.BUCKET.put('manifests/current.json', JSON.stringify(pointer));
}

function listIds(bytes: Uint8Array): string[] {
  const decoded = decodeShard(bytes);
  if (!decoded.ok) throw new Error('fixture list shard does not decode');
  return [...decoded.value.ids];
}

beforeAll(async () => {
  await publishToBucket();
  await publishWithAddedAt();
});

/** No var changes: `callWith` builds services of its own (a manifest provider that reads the new pointer). */
const fresh = {};

describe('new_in_category', () => {
  it('marks recently added items of a trained user’s answer new, with their date and category', async () => {
    const { userId } = fixture.users[0]!;
    const { status, body } = await callWith<ReasonedAnswer>(
      fresh,
      `/v1/users/${userId}/recommendations?k=20`,
    );
    expect(status).toBe(200);
    expect(body.modelVersion).toBe('fixture-new');
    const codes = new Set(body.items.map((i) => i.reason?.code));
    expect(codes).toEqual(new Set(['new_in_category', 'picked_for_you']));
    for (const item of body.items) {
      if (addedAt.get(item.itemId) === RECENT) {
        expect(item.reason).toEqual({ code: 'new_in_category', addedAt: RECENT, category: item.category });
      } else {
        expect(item.reason).toEqual({ code: 'picked_for_you' });
      }
    }
  });

  it('keeps because_viewed on session answers even for new items (the session is the evidence)', async () => {
    const { body } = await callWith<ReasonedAnswer>(fresh, '/v1/recommendations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: fixture.session.items, k: 10 }),
    });
    expect(body.items.every((i) => i.reason?.code === 'because_viewed')).toBe(true);
  });
});
