import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { addedAtOf, catalogueRow } from '../../../batch/src/data/catalogue.ts';
import { catalogueJsonl, parseNormalisedCatalogue } from '../../../batch/src/data/catalogue-publish.ts';
import { parseFeed } from '../../../batch/src/data/feed.ts';
import { parseFeedDate } from '../../../batch/src/data/feed-dates.ts';
import { generateCatalogue } from '../../../batch/src/synthetic/catalogue.ts';
import { resolveConfig } from '../../../batch/src/synthetic/config.ts';

const enc = (text: string) => new TextEncoder().encode(text);
const rows = (text: string, name: string) => {
  const { data, report } = parseFeed(enc(text), name);
  return { items: Array.from({ length: data.length }, (_, r) => catalogueRow(data, r)), report, data };
};

describe('parseFeedDate', () => {
  it('reads ISO 8601 dates and times (no offset = UTC) and RFC 822 dates as RSS writes them', () => {
    expect(parseFeedDate('2026-11-30')).toBe('2026-11-30T00:00:00.000Z');
    expect(parseFeedDate('2026-11-30T10:00')).toBe('2026-11-30T10:00:00.000Z');
    expect(parseFeedDate('2026-11-30 10:00:00')).toBe('2026-11-30T10:00:00.000Z');
    expect(parseFeedDate('2016-02-24T11:07+0100')).toBe('2016-02-24T10:07:00.000Z');
    expect(parseFeedDate('2026-11-30T10:00:00.5-05:00')).toBe('2026-11-30T15:00:00.500Z');
    expect(parseFeedDate('Mon, 30 Nov 2026 10:00:00 GMT')).toBe('2026-11-30T10:00:00.000Z');
    expect(parseFeedDate('30 Nov 2026 10:00 +0200')).toBe('2026-11-30T08:00:00.000Z');
  });

  it('refuses ambiguous or malformed dates instead of guessing', () => {
    for (const text of ['12/01/2026', '1 Dec 2026', 'yesterday', '2026-13-45', '']) {
      expect(parseFeedDate(text), text).toEqual({ reason: expect.stringContaining('is not a date') });
    }
  });
});

describe('addedAt from product feeds', () => {
  it('reads an added_at column (CSV), keeps it through the normalised catalogue, and reports a bad one', () => {
    const csv = [
      'id,title,added_at,price',
      'sku-1,Knife,2026-11-30,9.90 EUR',
      'sku-2,Board,,5 EUR',
      'sku-3,Pan,30/11/2026,20 EUR',
    ].join('\n');
    const { items, report, data } = rows(csv, 'products.csv');
    expect(items.map((i) => [i.itemId, i.addedAt])).toEqual([
      ['sku-1', '2026-11-30T00:00:00.000Z'],
      ['sku-2', undefined],
    ]);
    expect(report.rowsBad).toBe(1);
    expect(report.badRows[0]).toMatchObject({ line: 4, reason: expect.stringContaining('added_at:') });
    const again = parseNormalisedCatalogue(catalogueJsonl(data), 'catalogue.jsonl').data;
    expect([addedAtOf(again, 0), addedAtOf(again, 1)]).toEqual(['2026-11-30T00:00:00.000Z', undefined]);
  });

  it('reads RSS <pubDate>, preferring an explicit added date when an item has both', () => {
    const xml = `<rss><channel>
      <item><g:id>a</g:id><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item>
      <item><g:id>b</g:id><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate><g:added_at>2026-01-02</g:added_at></item>
      <item><g:id>c</g:id></item>
    </channel></rss>`;
    const { items, report } = rows(xml, 'feed.xml');
    expect(report.rowsBad).toBe(0);
    expect(items.map((i) => i.addedAt)).toEqual([
      '2026-11-30T10:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      undefined,
    ]);
  });

  it('leaves the column out of a catalogue without dates', () => {
    expect(rows('id,title\nsku-1,Knife', 'p.csv').data.addedAt).toBeUndefined();
  });
});

describe('synthetic catalogue dates', () => {
  it('launches about a tenth of the items during the history and the rest up to a year before it', () => {
    const config = resolveConfig({ items: 4000, days: 30 });
    const { catalogue } = generateCatalogue(createRng(5).fork('catalogue'), config);
    const end = config.start + config.days * 86_400_000;
    const added = Array.from(catalogue.addedAt!);
    const during = added.filter((t) => t >= config.start && t < end).length;
    expect(during / added.length).toBeGreaterThan(0.08);
    expect(during / added.length).toBeLessThan(0.12);
    expect(added.every((t) => t < end && t >= config.start - 365 * 86_400_000)).toBe(true);
  });
});
