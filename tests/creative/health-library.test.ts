/**
 * The creative Worker's `/v1/health` counts the library it serves: approved creatives (and those
 * published before review) as `libraryCreatives`; pending ones apart, as `pendingCreatives`;
 * rejected ones nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreativeHealthResponse, CreativeStatus, Manifest } from '#shared/schemas';
import { fixtureManifest, getJson, loadFixture, publishAndRefresh } from './support.ts';

let published: Manifest;

beforeAll(async () => {
  await loadFixture();
  published = await fixtureManifest();
});

afterAll(() => publishAndRefresh(published));

/** `published` with the entries' statuses cycling through `statuses` (undefined: no field). */
function withStatuses(version: string, statuses: (CreativeStatus | undefined)[]): Manifest {
  const creatives = published.creatives!.map((e, i) => {
    const { status: _old, ...entry } = e;
    const status = statuses[i % statuses.length];
    return status === undefined ? entry : { ...entry, status };
  });
  return { ...published, version, creatives };
}

const count = (m: Manifest, pick: (s: CreativeStatus | undefined) => boolean) =>
  m.creatives!.filter((e) => pick(e.status)).length;

describe('health counts the served library', () => {
  it('counts approved and pre-review creatives as library creatives and pending ones apart', async () => {
    const manifest = withStatuses('health-review-1', ['approved', 'pending', 'rejected', undefined]);
    await publishAndRefresh(manifest);
    const { status, body } = await getJson<CreativeHealthResponse>('/v1/health');
    expect(status).toBe(200);
    const served = count(manifest, (s) => s === 'approved' || s === undefined);
    const pending = count(manifest, (s) => s === 'pending');
    // The fixture has enough entries for every status to occur (rejected ones are in neither count).
    expect(served).toBeGreaterThan(0);
    expect(pending).toBeGreaterThan(0);
    expect(served + pending).toBeLessThan(published.creatives!.length);
    expect(body).toMatchObject({
      modelVersion: 'health-review-1',
      libraryCreatives: served,
      pendingCreatives: pending,
    });
  });

  it('reports no library creatives when every one awaits review', async () => {
    await publishAndRefresh(withStatuses('health-review-2', ['pending']));
    const { body } = await getJson<CreativeHealthResponse>('/v1/health');
    expect(body.libraryCreatives).toBe(0);
    expect(body.pendingCreatives).toBe(published.creatives!.length);
  });
});
