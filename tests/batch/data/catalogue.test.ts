import { describe, expect, it } from 'vitest';
import { MemoryStore } from '#shared/storage';
import { alignCatalogue, catalogueRow } from '../../../batch/src/data/catalogue.ts';
import { loadCatalogue, parseCatalogue } from '../../../batch/src/data/catalogue-load.ts';

const enc = (s: string) => new TextEncoder().encode(s);

const JSONL = [
  '{"itemId":"sku-1","title":"Linen dress","category":"dress","brand":"Talu","price":39.99,"tags":["linen","summer"],"imageIndex":4}',
  '{"itemId":"sku-2","category":"sneaker","brand":"Norvik","price":120,"tags":["sport"],"available":false}',
  '{"itemId":"sku-3","category":"hat","price":10}', // 3: unknown category
  'not json', // 4
  '{"itemId":"sku-4","category":"bag","priceBand":"luxury","tags":["summer","summer"]}',
  '{"itemId":"sku-1","category":"coat"}', // 6: duplicate id
  '{"itemId":"sku-5","category":"coat","price":-3}', // 7: negative price
].join('\n');

const CSV = [
  'itemId,title,category,brand,price,tags,available',
  'c-1,"Coat, wool",coat,Talu,260,wool|winter,yes',
  'c-2,Sandal,sandal,,14.5,,true',
  'c-3,Shirt,shirt,Talu,abc,,true', // 4: price not a number
  'c-4,Bag,bag,Talu,50,,maybe', // 5: not a boolean
  'c-5,Short,shirt,Talu', // 6: too few fields
].join('\r\n');

describe('parseCatalogue', () => {
  it('loads JSON lines into columns and reports bad rows by line', () => {
    const { data, report } = parseCatalogue(enc(JSONL), 'jsonl', 'items.jsonl');
    expect(report).toMatchObject({ rowsRead: 7, rowsKept: 3, rowsBad: 4 });
    expect(report.badRows.map((b) => b.line)).toEqual([3, 4, 6, 7]);
    expect(report.badRows[0]?.reason).toMatch(/^category: /);
    expect(report.badRows[2]?.reason).toBe('duplicate itemId "sku-1"');
    expect(report.badRows[3]?.reason).toMatch(/^price: /);
    expect(data.ids).toEqual(['sku-1', 'sku-2', 'sku-4']);
    expect(data.brands).toEqual(['Talu', 'Norvik']);
    expect(Array.from(data.brand)).toEqual([0, 1, -1]);
    expect(Array.from(data.available)).toEqual([1, 0, 1]);
    expect(Array.from(data.imageIndex)).toEqual([4, -1, -1]);
  });

  it('derives the price band from the price unless the row names one, and dedupes tags', () => {
    const { data } = parseCatalogue(enc(JSONL), 'jsonl');
    expect(catalogueRow(data, 0)).toEqual({
      itemId: 'sku-1',
      title: 'Linen dress',
      category: 'dress',
      brand: 'Talu',
      price: 39.99,
      priceBand: 'value',
      tags: ['linen', 'summer'],
      imageIndex: 4,
      available: true,
    });
    expect(catalogueRow(data, 1).priceBand).toBe('premium');
    expect(catalogueRow(data, 2)).toMatchObject({ priceBand: 'luxury', tags: ['summer'] });
  });

  it('loads CSV with quoted titles and |-separated tags, reporting unconvertible fields', () => {
    const { data, report } = parseCatalogue(enc(CSV), 'csv', 'items.csv');
    expect(report).toMatchObject({ rowsRead: 5, rowsKept: 2, rowsBad: 3 });
    expect(report.badRows.map((b) => [b.line, b.reason])).toEqual([
      [4, 'price: "abc" is not a number'],
      [5, 'available: "maybe" is not a boolean'],
      [6, 'expected 7 fields, got 4'],
    ]);
    expect(catalogueRow(data, 0)).toMatchObject({
      title: 'Coat, wool',
      tags: ['wool', 'winter'],
      priceBand: 'luxury',
    });
    expect(catalogueRow(data, 1)).toMatchObject({ itemId: 'c-2', priceBand: 'budget', tags: [] });
    expect(catalogueRow(data, 1).brand).toBeUndefined();
  });
});

describe('loadCatalogue', () => {
  it('reads every part under a prefix into one catalogue, by key order', async () => {
    const store = new MemoryStore('catalogue');
    await store.put('cat/part-00001.csv', enc(CSV));
    await store.put('cat/part-00000.jsonl', enc(JSONL));
    await store.put('cat/README.txt', enc('ignored'));
    const { data, report } = await loadCatalogue(store, 'cat/');
    expect(data.ids).toEqual(['sku-1', 'sku-2', 'sku-4', 'c-1', 'c-2']);
    expect(report.rowsBad).toBe(7);
    expect(report.badRows.find((b) => b.source === 'cat/part-00001.csv')?.line).toBe(4);
  });

  it('aligns catalogue rows with an interaction index space', () => {
    const { data } = parseCatalogue(enc(JSONL), 'jsonl');
    expect(Array.from(alignCatalogue(data, ['sku-4', 'unknown', 'sku-1']))).toEqual([2, -1, 0]);
  });
});
