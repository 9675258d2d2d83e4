import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import { CATALOGUE_POINTER_KEY, CataloguePointer, LoadConfig } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { importCatalogue, lastPublishedCatalogue } from '../../../batch/src/jobs/catalogue-import.ts';
import { createLogger, createProgress, type JobContext } from '../../../batch/src/observe/index.ts';
import { runPipeline } from '../../../batch/src/pipeline/run.ts';
import { readBlob, readCurrent } from '../../../batch/src/publish/read.ts';
import { applyRetention } from '../../../batch/src/publish/retention.ts';
import { openStore } from '../../../batch/src/storage/open.ts';

const FEEDS = new URL('../../fixtures/feeds/', import.meta.url).pathname;
const load = LoadConfig.parse({});
const small = { mf: { factors: 4, iterations: 3, threads: 1, compute: 'js' as const }, evalUsers: 0 };

function recordingContext(): JobContext & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ write: (l) => lines.push(JSON.parse(l)), level: 'info', format: 'json' });
  const progress = (label: string, total: number) =>
    createProgress(label, total, { logger: log, stream: { isTTY: false, write: () => true } });
  return { log, progress, lines };
}

/** 40 shoppers over the fixtures' five items, as an interactions CSV in a memory store. */
async function interactions(name: string): Promise<string> {
  const rows = ['user,item,weight'];
  for (let u = 0; u < 40; u++)
    for (let i = 1; i <= 5; i++) if ((u + i) % 3 !== 0) rows.push(`u${u},sku-${i},1`);
  await openStore(`mem://${name}`).put('clicks.csv', new TextEncoder().encode(`${rows.join('\n')}\n`));
  return `mem://${name}/clicks.csv`;
}

const pointerOf = async (store: MemoryStore) =>
  CataloguePointer.parse(JSON.parse(new TextDecoder().decode(await store.get(CATALOGUE_POINTER_KEY))));

describe('importCatalogue', () => {
  it('publishes the normalised feed as a verified blob named by catalogues/current.json', async () => {
    const store = new MemoryStore('import-xml');
    const summary = await importCatalogue(
      { input: `${FEEDS}products.xml`, format: 'auto', store, load },
      recordingContext(),
    );
    expect(summary).toMatchObject({ published: true, items: 5, currencies: ['EUR', 'USD'] });
    const pointer = await pointerOf(store);
    expect(pointer).toMatchObject({ items: 5, feedFormat: 'xml', rows: { read: 5, kept: 5, bad: 0 } });
    expect(pointer.catalogue).toEqual(summary.catalogue);
    const lines = new TextDecoder()
      .decode(await readBlob(store, pointer.catalogue))
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l).itemId)).toEqual(['sku-1', 'sku-2', 'sku-3', 'sku-4', 'sku-5']);
  });

  it('refuses a hostile feed above the bad-row threshold and publishes nothing', async () => {
    const store = new MemoryStore('import-hostile');
    const attempt = importCatalogue(
      { input: `${FEEDS}hostile.csv`, format: 'auto', store, load },
      recordingContext(),
    );
    await expect(attempt).rejects.toThrow(AppError);
    await expect(attempt).rejects.toThrow(
      /12 of 14 rows are malformed[\s\S]*hostile\.csv:3: price[\s\S]*and 2 more/,
    );
    expect(await store.list()).toEqual([]);
  });

  it('publishes the good rows of a hostile feed when the threshold is raised, counting the rest', async () => {
    const store = new MemoryStore('import-hostile-forced');
    const summary = await importCatalogue(
      { input: `${FEEDS}hostile.csv`, format: 'csv', store, load: { maxBadFraction: 1 } },
      recordingContext(),
    );
    expect(summary.items).toBe(2);
    expect((await pointerOf(store)).rows).toEqual({ read: 14, kept: 2, bad: 12 });
  });

  it('checks a feed without publishing on a dry run', async () => {
    const store = new MemoryStore('import-dry');
    const summary = await importCatalogue(
      { input: `${FEEDS}products.csv`, format: 'auto', store, load, dryRun: true },
      recordingContext(),
    );
    expect(summary).toMatchObject({ published: false, catalogue: null, items: 5 });
    expect(await store.list()).toEqual([]);
  });
});

describe('pipeline without --catalogue', () => {
  it('trains with the last imported catalogue, says so, and names it in the manifest', async () => {
    const store = new MemoryStore('pipeline-imported');
    const data = await interactions('pipeline-imported-data');
    const imported = await importCatalogue(
      { input: `${FEEDS}products.jsonl`, format: 'auto', store, load },
      recordingContext(),
    );
    const ctx = recordingContext();
    const summary = await runPipeline({ data, store, publish: { force: true }, ...small }, ctx);
    expect(summary.status).toBe('published');
    const used = ctx.lines.find((l) => l.event === 'pipeline.catalogue');
    expect(used).toMatchObject({ source: 'last import', key: imported.catalogue?.key, items: 5 });
    const live = await readCurrent(store);
    expect(live?.manifest.catalogue?.normalised).toEqual(imported.catalogue);
    expect(live?.manifest.catalogue?.categoryCount).toBe(9);

    // The next run finds the same catalogue through the live manifest, which is now newer.
    const again = await lastPublishedCatalogue(store);
    expect(again).toMatchObject({ from: 'manifest', ref: imported.catalogue });
  });

  it('uses --catalogue when given, and retention keeps the imported blob the next run needs', async () => {
    const store = new MemoryStore('pipeline-file-catalogue');
    const data = await interactions('pipeline-file-data');
    const imported = await importCatalogue(
      { input: `${FEEDS}products.jsonl`, format: 'auto', store, load },
      recordingContext(),
    );
    const ctx = recordingContext();
    const catalogue = `${FEEDS}catalogue-own.jsonl`; // a plain path: a file
    await runPipeline({ data, store, catalogue, publish: { force: true, retention: 1 }, ...small }, ctx);
    expect(ctx.lines.find((l) => l.event === 'pipeline.catalogue')).toMatchObject({ source: 'file' });
    const live = await readCurrent(store);
    expect(live?.manifest.catalogue?.items).toBe(2);
    expect(live?.manifest.catalogue?.normalised?.key).not.toBe(imported.catalogue?.key);
    const gc = await applyRetention(store, { keep: 1 });
    expect(gc.skipped).toBeUndefined();
    expect(await store.head(imported.catalogue?.key as string)).toMatchObject({
      size: imported.catalogue?.size,
    });
  });

  it('warns plainly when there is no catalogue at all, and still trains', async () => {
    const store = new MemoryStore('pipeline-no-catalogue');
    const data = await interactions('pipeline-no-catalogue-data');
    const ctx = recordingContext();
    const summary = await runPipeline({ data, store, publish: { force: true }, ...small }, ctx);
    expect(summary.status).toBe('published');
    const warning = ctx.lines.find((l) => l.event === 'pipeline.no_catalogue');
    expect(warning?.message).toMatch(
      /no --catalogue given and no catalogue published in mem:\/\/pipeline-no-catalogue/,
    );
    expect(warning?.message).toMatch(/vitrine catalogue import/);
    expect((await readCurrent(store))?.manifest.catalogue).toBeUndefined();
  });
});
