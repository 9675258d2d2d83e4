/**
 * Marketers' review in the creative Worker (workerd): only approved library creatives are served —
 * listed, served by digest, or used as the fallback banner. Pending and rejected ones are not; an
 * entry without a status (a manifest from before review) still is.
 */

import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import type { CreativeLibraryResponse, ErrorBody, Manifest } from '#shared/schemas';
import { fixture, fixtureManifest, get, getJson, loadFixture, publishAndRefresh } from './support.ts';

let published: Manifest;
let reviewed: Manifest;

/** The fixture's coat entries: the first rejected, the second pending, the rest approved. */
const coat = (m: Manifest) => m.creatives!.filter((e) => e.category === 'coat');

beforeAll(async () => {
  await loadFixture();
  published = await fixtureManifest();
  const [rejected, pending] = coat(published);
  const status = (sha: string) =>
    sha === rejected!.blob.sha256 ? 'rejected' : sha === pending!.blob.sha256 ? 'pending' : 'approved';
  reviewed = {
    ...published,
    version: 'reviewed-1',
    creatives: published.creatives!.map((e) => ({ ...e, status: status(e.blob.sha256) })),
  };
  await publishAndRefresh(reviewed);
});

describe('library review', () => {
  it('lists only the approved creatives of a category', async () => {
    const { status, body } = await getJson<CreativeLibraryResponse>('/v1/creatives/library/coat');
    expect(status).toBe(200);
    const approved = coat(reviewed).filter((e) => e.status === 'approved');
    expect(approved.length).toBe(fixture.libraryCount - 2);
    expect(body.creatives.map((c) => c.sha256)).toEqual(approved.map((e) => e.blob.sha256));
  });

  it('answers 404 for a pending or rejected banner by digest, and serves an approved one', async () => {
    const [rejected, pending, approved] = coat(reviewed);
    for (const hidden of [rejected!, pending!]) {
      const { status, body } = await getJson<ErrorBody>(`/v1/blobs/${hidden.blob.sha256}`);
      expect(status).toBe(404);
      expect(body.error.kind).toBe('not_found');
    }
    const res = await get(`/v1/blobs/${approved!.blob.sha256}`);
    expect(res.status).toBe(200);
    expect(await sha256Hex(res.bytes)).toBe(approved!.blob.sha256);
  });

  it('never falls back to an unapproved banner: copy-only when no coat creative is approved', async () => {
    const { generator: _dropped, ...rest } = reviewed;
    const unapproved = rest.creatives!.map((e) =>
      e.category === 'coat' ? { ...e, status: 'pending' as const } : e,
    );
    await publishAndRefresh({ ...rest, creatives: unapproved, version: 'reviewed-no-generator-2' });
    const res = await get('/v1/creatives/coat?seed=1&size=medium-rectangle&template=classic');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-creative')).toBe('copy-only');
    expect(res.headers.get('x-vitrine-fallback')).toBe('no_generator');
    expect(coat(reviewed).map((e) => e.blob.sha256)).not.toContain(await sha256Hex(res.bytes));
    expect(decode(res.bytes).width).toBe(300);
  });

  it('still serves creatives without a status (published before review existed)', async () => {
    await publishAndRefresh({ ...published, version: 'legacy-3' });
    const { body } = await getJson<CreativeLibraryResponse>('/v1/creatives/library/coat');
    expect(body.creatives).toHaveLength(fixture.libraryCount);
  });
});
