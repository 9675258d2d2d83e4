import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueRow } from '../../../batch/src/data/catalogue.ts';
import { catalogueJsonl, parseNormalisedCatalogue } from '../../../batch/src/data/catalogue-publish.ts';
import { detectFeedFormat, parseFeed, sniffDelimiter } from '../../../batch/src/data/feed.ts';
import { parseFeedPrice } from '../../../batch/src/data/feed-fields.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url)));
const enc = (text: string) => new TextEncoder().encode(text);
const rows = (bytes: Uint8Array, name: string) => {
  const { data, report } = parseFeed(bytes, name);
  return { items: Array.from({ length: data.length }, (_, r) => catalogueRow(data, r)), report, data };
};

describe('parseFeed on the merchant-feed fixtures', () => {
  const formats = [
    ['products.csv', 'csv'],
    ['products.txt', 'tsv'],
    ['products.jsonl', 'jsonl'],
    ['products.xml', 'xml'],
  ] as const;

  it.each(formats)('%s is read as %s with every row kept and unused fields named', (name, format) => {
    const { report, items } = rows(fixture(name), name);
    expect(report.format).toBe(format);
    expect(report).toMatchObject({ rowsRead: 5, rowsKept: 5, rowsBad: 0 });
    expect(report.ignoredFields).toEqual(['description']);
    expect(items.map((i) => i.itemId)).toEqual(['sku-1', 'sku-2', 'sku-3', 'sku-4', 'sku-5']);
  });

  it('normalises all four formats to the same catalogue bytes', () => {
    const blobs = formats.map(([name]) => Buffer.from(catalogueJsonl(parseFeed(fixture(name), name).data)));
    for (const b of blobs) expect(b.equals(blobs[0] as Buffer)).toBe(true);
  });

  it('maps price, sale price, availability, categories and labels field by field', () => {
    const [knife, scale, earbuds, cable, card] = rows(fixture('products.csv'), 'products.csv').items;
    expect(knife).toMatchObject({
      itemId: 'sku-1',
      title: 'Chef\'s Knife, 20 cm "Pro"', // quoted, with a delimiter and doubled quotes
      price: 39.9, // the sale price is what shoppers pay
      currency: 'EUR',
      brand: 'Messerwerk',
      category: ['Home', 'Kitchen', 'Knives'],
      categoryId: 'home/kitchen/knives',
      url: 'https://shop.example/p/sku-1',
      imageUrl: 'https://shop.example/i/sku-1.jpg',
      available: true,
      attributes: { regular_price: 49.9, google_product_category: 668, custom_label_0: 'summer' },
    });
    expect(scale).toMatchObject({ title: 'Küchenwaage', available: false, price: 19.99 });
    expect(earbuds).toMatchObject({ price: 1299, currency: 'USD', available: true });
    expect(earbuds?.attributes).toEqual({ availability: 'preorder', custom_label_0: 'launch' });
    expect(cable).toMatchObject({
      category: ['Electronics', 'Electronics Accessories', 'Cables'], // textual google_product_category
      attributes: { availability: 'backorder' },
    });
    expect(card?.price).toBeUndefined();
    expect(card?.category).toBeUndefined();
  });

  it('reads our own JSON lines unchanged beside merchant rows', () => {
    const { items, report } = rows(fixture('catalogue-own.jsonl'), 'own.jsonl');
    expect(report.rowsKept).toBe(2);
    expect(items[0]).toMatchObject({ itemId: 'sku-1', attributes: { material: 'steel' }, price: 39.9 });
    expect(items[1]?.categoryId).toBe('home/kitchen/scales');
  });
});

describe('parseFeed on hostile input', () => {
  it('reports every bad row with its line and reason, and keeps the good ones', () => {
    const { report, items } = rows(fixture('hostile.csv'), 'hostile.csv');
    expect(items.map((i) => i.itemId)).toEqual(['sku-a', 'sku-z']);
    expect(report.rowsRead).toBe(14);
    expect(report.rowsBad).toBe(12);
    const byLine = Object.fromEntries(report.badRows.map((b) => [b.line, b.reason]));
    expect(byLine[3]).toMatch(/price: "abc USD" is not a price/);
    expect(byLine[4]).toMatch(/price: "-5.00 USD"/);
    expect(byLine[5]).toMatch(/unknown currency "XYZ"/);
    expect(byLine[6]).toMatch(/^id: missing/);
    expect(byLine[7]).toBe('duplicate itemId "sku-a"');
    expect(byLine[8]).toMatch(/category: must have at most 8 levels/);
    expect(byLine[9]).toMatch(/availability: "maybe"/);
    expect(byLine[10]).toMatch(/sale_price: currency EUR differs/);
    expect(byLine[11]).toMatch(/^title: /);
    expect(byLine[12]).toMatch(/has no currency/);
    expect(byLine[13]).toMatch(/^itemId: /);
    expect(byLine[15]).toBe('expected 6 fields, got 3');
  });

  it('survives huge fields: a 2 MB description is ignored, a 2 MB XML item is one bad row', () => {
    const huge = 'x'.repeat(2_000_000);
    const csv = rows(
      enc(`id,title,description,price\nsku-1,T,"${huge}",1.00 USD\nsku-2,U,,2.00 USD\n`),
      'h.csv',
    );
    expect(csv.report).toMatchObject({ rowsKept: 2, rowsBad: 0 });
    const xml = `<rss><channel><item><g:id>a</g:id><description>${huge}</description>\n</item>\n<item><g:id>b</g:id></item></channel></rss>`;
    const parsed = rows(enc(xml), 'h.xml');
    expect(parsed.items.map((i) => i.itemId)).toEqual(['b']);
    expect(parsed.report.badRows[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/longer than/) });
  });

  it('refuses a CSV whose header names no id column, as one bad row', () => {
    const { report } = rows(enc('sku,name\na,b\n'), 'noid.csv');
    expect(report.rowsBad).toBe(1);
    expect(report.badRows[0]?.reason).toMatch(/header names no id column/);
  });
});

describe('feed formats and prices', () => {
  it('detects the format from the extension, else from the content', () => {
    expect(detectFeedFormat('a.xml', enc('id,title'))).toBe('xml');
    expect(detectFeedFormat('a.txt', enc('id\ttitle\n'))).toBe('tsv');
    expect(detectFeedFormat('feed', enc('  <?xml version="1.0"?><rss>'))).toBe('xml');
    expect(detectFeedFormat('feed', enc('{"id":"a"}\n'))).toBe('jsonl');
    expect(detectFeedFormat('s3://b/feed.csv?endpoint=x', enc('id;title'))).toBe('csv');
  });

  it('sniffs the delimiter from the header, and --delimiter overrides it', () => {
    expect(sniffDelimiter('id;title;"a;b";price')).toBe(';');
    expect(sniffDelimiter('id|title|price')).toBe('|');
    const semi = enc('id;title;price\nsku-1;"Knife; sharp";"12,50 EUR"\n');
    expect(rows(semi, 'semi.csv').items[0]).toMatchObject({ title: 'Knife; sharp', price: 12.5 });
    const forced = parseFeed(semi, 'semi.csv', { delimiter: ',' });
    expect(forced.report.rowsBad).toBe(1); // no id column under a comma split
  });

  it('parses prices in the common spellings and rejects the rest', () => {
    expect(parseFeedPrice('12.99 USD')).toEqual({ amount: 12.99, currency: 'USD' });
    expect(parseFeedPrice('USD 12.99')).toEqual({ amount: 12.99, currency: 'USD' });
    expect(parseFeedPrice('1.299,50 eur')).toEqual({ amount: 1299.5, currency: 'EUR' });
    expect(parseFeedPrice('1,299 JPY')).toEqual({ amount: 1299, currency: 'JPY' });
    expect(parseFeedPrice('12.99', 'GBP')).toEqual({ amount: 12.99, currency: 'GBP' });
    expect(parseFeedPrice('12.99 USD EUR')).toMatch(/not a price/);
    expect(parseFeedPrice('free')).toMatch(/not a price/);
  });

  it('writes a normalised catalogue that reads back to the same bytes', () => {
    const { data } = parseFeed(fixture('products.xml'), 'products.xml');
    const bytes = catalogueJsonl(data);
    const again = parseNormalisedCatalogue(bytes, 'normalised.jsonl');
    expect(again.report.rowsBad).toBe(0);
    expect(Buffer.from(catalogueJsonl(again.data)).equals(Buffer.from(bytes))).toBe(true);
  });
});
