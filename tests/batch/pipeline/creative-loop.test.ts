/**
 * `vitrine pipeline`'s creative half on a tiny GAN (seconds): the generator, its library and the
 * brand kit go out in the same manifest as the embeddings; reuse carries the live blobs, skip
 * leaves the sections as live, rollback moves both halves, and a failure publishes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BRAND_KIT } from '#shared/creatives';
import { BrandKit, type CreativeLoopConfig, type Manifest } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { BUNDLED_DIR } from '../../../batch/src/data/fashion-mnist.ts';
import { quietContext } from '../../../batch/src/observe/index.ts';
import { type PipelineOptions, runPipeline } from '../../../batch/src/pipeline/run.ts';
import { readBlob, readCurrent, verifyManifestBlobs } from '../../../batch/src/publish/read.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { tinyCff, tinyTtf } from '../../fixtures/fonts/tiny-font.ts';
import { runCli } from '../publish/support.ts';

const SHOP = 'mem://creative-loop-shop';
const KITS = openStore('mem://creative-loop-kits');
const ctx = quietContext('error');
const small = { mf: { factors: 8, iterations: 4, threads: 1, compute: 'js' as const }, evalUsers: 0 };
const TINY: Partial<CreativeLoopConfig> = {
  ganPreset: 'tiny',
  ganData: BUNDLED_DIR,
  ganCache: 'mem://creative-loop-classifier',
};

const live = async (store: MemoryStore): Promise<Manifest> => (await readCurrent(store))!.manifest;
const keys = (m: Manifest) => (m.creatives ?? []).map((c) => c.blob.key);
const run = (
  store: MemoryStore,
  creatives: Partial<CreativeLoopConfig>,
  extra: Partial<PipelineOptions> = {},
) => runPipeline({ data: SHOP, store, ...small, ...extra, creatives: { ...TINY, ...creatives } }, ctx);

const store = openStore('mem://creative-loop') as MemoryStore;
let first: Manifest;

beforeAll(async () => {
  await generateStorefront({ seed: 4, items: 200, users: 120, events: 6000, days: 2 }, { store: SHOP });
  const summary = await run(store, { gan: 'reuse' });
  expect(summary.status).toBe('published');
  expect(summary.creatives?.action).toBe('trained');
  first = await live(store);
}, 300_000);

describe('pipeline creative stage', () => {
  it('publishes the generator, its library and the brand kit in the same manifest as the embeddings', async () => {
    expect(first.items.count).toBe(200);
    expect(first.generator?.categories).toHaveLength(10);
    expect(first.generator?.imageSize).toBe(28);
    // tiny preset: one variant of each of the ten categories, one size; new creatives wait for review
    expect(first.creatives).toHaveLength(10);
    expect(first.creatives?.every((c) => c.status === 'pending' && c.size === 'medium-rectangle')).toBe(true);
    const kit = BrandKit.parse(JSON.parse(new TextDecoder().decode(await readBlob(store, first.brandKit!))));
    expect(kit).toEqual(BrandKit.parse(DEFAULT_BRAND_KIT));
    await verifyManifestBlobs(store, first);
  });

  it('reuse carries the live generator and library blobs (same keys) into the next version', async () => {
    const summary = await run(store, { gan: 'reuse' });
    expect(summary.creatives?.action).toBe('reused');
    expect(summary.creatives?.creatives.rendered).toBe(false);
    const next = await live(store);
    expect(next.version).not.toBe(first.version);
    expect(next.generator).toEqual(first.generator);
    expect(keys(next)).toEqual(keys(first));
    expect(next.brandKit).toEqual(first.brandKit);
  });

  it('carries a decision of `vitrine creatives approve` into the next version (the others stay pending)', async () => {
    const sha = first.creatives![3]!.blob.sha256;
    expect((await runCli(['creatives', 'approve', sha, '--store', 'mem://creative-loop'])).code).toBe(0);
    await run(store, { gan: 'reuse' });
    const next = await live(store);
    expect(next.creatives?.find((c) => c.blob.sha256 === sha)?.status).toBe('approved');
    expect(next.creatives?.filter((c) => c.status === 'pending')).toHaveLength(9);
  });

  it('skip leaves every creative section as live', async () => {
    const before = await live(store);
    await run(store, { gan: 'skip', brandKit: 'ignored.json' });
    const after = await live(store);
    expect(after.version).not.toBe(before.version);
    const creative = (m: Manifest) => [m.generator, m.creatives, m.brandKit];
    expect(creative(after)).toEqual(creative(before));
  });

  it('`vitrine publish` of a kept run carries the live creative sections too', async () => {
    const before = await live(store);
    const work = 'mem://creative-loop-run';
    await runPipeline({ data: SHOP, store: new MemoryStore('creative-loop-elsewhere'), work, ...small }, ctx);
    const { code } = await runCli(['publish', '--run', work, '--store', 'mem://creative-loop', '--force']);
    expect(code).toBe(0);
    const after = await live(store);
    expect(after.version).not.toBe(before.version);
    const creative = (m: Manifest) => [m.generator, m.creatives, m.brandKit];
    expect(creative(after)).toEqual(creative(before));
  });

  it('a failure in the creative stage publishes nothing (an invalid brand kit)', async () => {
    const before = await live(store);
    const bad = 'mem://creative-loop-kits/bad.json';
    await KITS.put('bad.json', new TextEncoder().encode(JSON.stringify({ format: 'vitrine-brand-kit' })));
    await expect(run(store, { gan: 'reuse', brandKit: bad })).rejects.toMatchObject({
      kind: 'invalid_argument',
    });
    expect((await live(store)).version).toBe(before.version);
  });

  it('a new brand kit re-renders the library from the live generator', async () => {
    const kit = { format: 'vitrine-brand-kit', version: 1, name: 'Maison', colors: { primary: '#0f5c4d' } };
    await KITS.put('kit.json', new TextEncoder().encode(JSON.stringify(kit)));
    const summary = await run(store, {
      gan: 'reuse',
      brandKit: 'mem://creative-loop-kits/kit.json',
      approveCreatives: true,
    });
    expect(summary.creatives?.creatives.rendered).toBe(true);
    const next = await live(store);
    expect(next.generator).toEqual(first.generator);
    expect(next.brandKit?.sha256).not.toBe(first.brandKit?.sha256);
    expect(keys(next)).toHaveLength(10);
    expect(keys(next).filter((k) => keys(first).includes(k))).toEqual([]);
    // --approve-creatives: the new banners are served at once
    expect(next.creatives?.every((c) => c.status === 'approved')).toBe(true);
  });

  it("publishes the kit's own font as a blob the kit and the manifest name, and keeps it on reuse", async () => {
    const ttf = tinyTtf('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    await KITS.put('fonts/Maison-Regular.ttf', ttf);
    const kit = {
      ...{ format: 'vitrine-brand-kit', version: 1, name: 'Maison', colors: { primary: '#0f5c4d' } },
      fontFiles: { regular: 'fonts/Maison-Regular.ttf' }, // next to the kit file
    };
    await KITS.put('font-kit.json', new TextEncoder().encode(JSON.stringify(kit)));
    const before = await live(store);
    await run(store, { gan: 'reuse', brandKit: 'mem://creative-loop-kits/font-kit.json' });
    const next = await live(store);
    expect(next.brandFonts).toHaveLength(1);
    const published = BrandKit.parse(
      JSON.parse(new TextDecoder().decode(await readBlob(store, next.brandKit!))),
    );
    expect(published.fontFiles?.regular).toEqual(next.brandFonts![0]);
    expect(await readBlob(store, next.brandFonts![0]!)).toEqual(ttf);
    await verifyManifestBlobs(store, next);
    // The library was drawn with the font: none of its banners is the previous kit's.
    expect(keys(next).filter((k) => keys(before).includes(k))).toEqual([]);
    await run(store, { gan: 'reuse' });
    const reused = await live(store);
    expect([reused.brandKit, reused.brandFonts]).toEqual([next.brandKit, next.brandFonts]);
    expect(keys(reused)).toEqual(keys(next));
  });

  it('refuses a CFF font at publish, saying what is supported, and publishes nothing', async () => {
    await KITS.put('fonts/Maison.otf', tinyCff('ABC'));
    const kit = { ...DEFAULT_BRAND_KIT, fontFiles: { regular: 'fonts/Maison.otf' } };
    await KITS.put('cff-kit.json', new TextEncoder().encode(JSON.stringify(kit)));
    const before = await live(store);
    await expect(
      run(store, { gan: 'reuse', brandKit: 'mem://creative-loop-kits/cff-kit.json' }),
    ).rejects.toMatchObject({
      kind: 'invalid_argument',
      field: 'fontFiles',
      message: expect.stringMatching(/fonts\/Maison\.otf.*CFF.*not supported.*TrueType outlines/),
    });
    expect((await live(store)).version).toBe(before.version);
  });
});
