/**
 * `vitrine creatives list|approve|reject` on a published store: statuses per library creative,
 * decisions persisted in the bucket, published as a new version at once (the old one immutable,
 * so rollback undoes a decision), and a table for people, JSON for scripts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CREATIVE_REVIEW_KEY, type CreativeEntry, CreativeReview, type Manifest } from '#shared/schemas';
import { publish } from '../../../batch/src/publish/publish.ts';
import { readCurrent, readManifest } from '../../../batch/src/publish/read.ts';
import { rollback } from '../../../batch/src/publish/rollback.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { manifestBody } from '../../support/publish-fixture.ts';
import { runCli } from '../publish/support.ts';

const STORE = 'mem://creatives-review';
const store = openStore(STORE);
const live = async (): Promise<Manifest> => (await readCurrent(store))!.manifest;
const statusOf = (m: Manifest, sha: string) => m.creatives!.find((e) => e.blob.sha256 === sha)?.status;
let entries: CreativeEntry[];

beforeAll(async () => {
  await publish(
    store,
    async (put) => {
      const body = await manifestBody(put);
      const creatives: CreativeEntry[] = [];
      for (const [i, category] of ['coat', 'coat', 'bag'].entries()) {
        const blob = await put(new TextEncoder().encode(`banner ${i}`));
        const size = { size: 'medium-rectangle', template: 'classic', width: 300, height: 250 };
        creatives.push({ category, seed: i, ...size, blob, status: 'pending' });
      }
      return { ...body, creatives };
    },
    { version: 'v1' },
  );
  entries = (await live()).creatives!;
});

describe('vitrine creatives', () => {
  it('lists the live library as JSON off a terminal, with a status per creative', async () => {
    const { code, out } = await runCli(['creatives', 'list', '--store', STORE]);
    expect(code).toBe(0);
    const listed = JSON.parse(out);
    expect(listed.modelVersion).toBe('v1');
    expect(listed.creatives.map((c: { sha256: string; status: string }) => [c.sha256, c.status])).toEqual(
      entries.map((e) => [e.blob.sha256, 'pending']),
    );
  });

  it('prints a table for a person (--format human)', async () => {
    const { out } = await runCli([
      'creatives',
      'list',
      '--store',
      STORE,
      '--format',
      'human',
      '--category',
      'coat',
    ]);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('model v1: 2 library creatives (2 pending, 0 approved, 0 rejected)');
    expect(lines[1]).toMatch(/^sha256\s+status\s+category\s+seed\s+size\s+template\s+pixels\s+bytes$/);
    expect(lines[2]).toMatch(
      new RegExp(`^${entries[0]!.blob.sha256.slice(0, 12)}\\s+pending\\s+coat\\s+0\\s`),
    );
    expect(lines).toHaveLength(4);
  });

  it('approve records the decision in the bucket and publishes it as a new version', async () => {
    const sha = entries[0]!.blob.sha256;
    const { code, out } = await runCli([
      'creatives',
      'approve',
      sha.slice(0, 10),
      '--store',
      STORE,
      '--by',
      'ana',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ status: 'approved', decided: [sha], previousVersion: 'v1' });
    const next = await live();
    expect(next.version).toBe(result.version);
    expect(statusOf(next, sha)).toBe('approved');
    expect(statusOf(next, entries[1]!.blob.sha256)).toBe('pending');
    expect(next.items).toEqual((await readManifest(store, 'v1')).manifest.items);
    // v1 is immutable: rolling back undoes the decision in what the edge serves.
    expect(statusOf((await readManifest(store, 'v1')).manifest, sha)).toBe('pending');
    const review = CreativeReview.parse(
      JSON.parse(new TextDecoder().decode(await store.get(CREATIVE_REVIEW_KEY))),
    );
    expect(review.decisions[sha]).toMatchObject({ status: 'approved', by: 'ana' });
  });

  it('reject takes a whole category; the earlier decision stays', async () => {
    const { code } = await runCli(['creatives', 'reject', '--category', 'bag', '--store', STORE]);
    expect(code).toBe(0);
    const next = await live();
    expect(statusOf(next, entries[2]!.blob.sha256)).toBe('rejected');
    expect(statusOf(next, entries[0]!.blob.sha256)).toBe('approved');
    // Rollback steps back over the decision: the banner is pending (not served) again.
    const back = await rollback(store);
    expect(back.from).toBe(next.version);
    expect(statusOf(await live(), entries[2]!.blob.sha256)).toBe('pending');
  });

  it('refuses an id too short, unknown or naming nothing (exit 2 / 1), changing nothing', async () => {
    const before = (await live()).version;
    expect((await runCli(['creatives', 'approve', 'abc', '--store', STORE])).code).toBe(2);
    expect((await runCli(['creatives', 'approve', 'f'.repeat(12), '--store', STORE])).code).toBe(1);
    expect((await runCli(['creatives', 'approve', '--store', STORE])).code).toBe(2);
    expect((await live()).version).toBe(before);
  });
});
