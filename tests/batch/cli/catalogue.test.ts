import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CataloguePointer } from '#shared/schemas';
import { runVitrine as run } from '../../support/vitrine-cli.ts';

const FEEDS = new URL('../../fixtures/feeds/', import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-catalogue-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `vitrine catalogue import <feed of tests/fixtures/feeds> …flags`. */
const importFeed = (feed: string, ...flags: string[]) =>
  run(['catalogue', 'import', join(FEEDS, feed), ...flags]);

describe('vitrine catalogue import', () => {
  it('takes the feed as a bare relative path and the store as a plain path', async () => {
    const feed = relative(process.cwd(), join(FEEDS, 'products.xml'));
    const { code, out, err } = await run(['catalogue', 'import', `./${feed}`, '--store', join(dir, 'store')]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({
      published: true,
      items: 5,
      format: 'xml',
      rows: { read: 5, kept: 5, bad: 0 },
    });
    const pointer = CataloguePointer.parse(
      JSON.parse(await readFile(join(dir, 'store/catalogues/current.json'), 'utf8')),
    );
    expect(pointer.catalogue).toEqual(summary.catalogue);
    expect((await readFile(join(dir, 'store', pointer.catalogue.key))).length).toBe(pointer.catalogue.size);
  });

  it('exits 1 on a hostile feed, listing the first bad rows with lines and the count of the rest', async () => {
    const { code, logs } = await importFeed('hostile.csv', '--store', join(dir, 'h'));
    expect(code).toBe(1);
    const failed = logs.find((l) => l.event === 'failed') as { error: { message: string } };
    expect(failed.error.message).toMatch(/hostile\.csv:5: price: unknown currency "XYZ"/);
    expect(failed.error.message).toMatch(/… and 2 more/);
  });

  it('lists --show-errors bad rows and counts the rest when the threshold is raised', async () => {
    const flags = ['--store', join(dir, 'h2'), '--max-bad-fraction', '1', '--show-errors', '3'];
    const { code, out } = await importFeed('hostile.csv', ...flags);
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary.badRows).toHaveLength(3);
    expect(summary.badRows[0]).toMatch(/^hostile\.csv:3: /);
    expect(summary.moreBadRows).toBe(9);
    expect(summary.items).toBe(2);
  });

  it('honours --format and --delimiter', async () => {
    const flags = ['--format', 'csv', '--delimiter', 'tab', '--dry-run'];
    const { code, out } = await importFeed('products.txt', ...flags);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ published: false, format: 'csv', delimiter: '\t', items: 5 });
  });
});
