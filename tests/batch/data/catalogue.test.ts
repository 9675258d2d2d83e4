import { describe, expect, it } from 'vitest';
import { MemoryStore } from '#shared/storage';
import { alignCatalogue, catalogueRow, categoryIdAt } from '../../../batch/src/data/catalogue.ts';
import { loadCatalogue, parseCatalogue } from '../../../batch/src/data/catalogue-load.ts';
import { catalogueTree } from '../../../batch/src/data/catalogue-publish.ts';

const enc = (s: string) => new TextEncoder().encode(s);

const JSONL = [
  '{"itemId":"sku-1","title":"Linen dress","category":"Women > Dresses > Maxi","brand":"Talu","price":39.99,"currency":"EUR","tags":["linen","summer"],"imageUrl":"https://shop.example/1.jpg","attributes":{"material":"linen","length_cm":120}}',
  '{"itemId":"sku-2","category":["Herren","Schuhe","Größe 44"],"brand":"Norvik","price":120,"currency":"EUR","tags":["sport"],"available":false}',
  '{"itemId":"sku-3","category":"Women > Dresses","price":10}', // 3: price without currency
  'not json', // 4
  '{"itemId":"sku-4","category":"Women","tags":["summer","summer"],"price":5,"currency":"JPY"}',
  '{"itemId":"sku-1","category":"Coats"}', // 6: duplicate id
  '{"itemId":"sku-5","category":"Coats","price":-3,"currency":"EUR"}', // 7: negative price
  '{"itemId":"sku-6","category":"A > B > C > D > E > F > G > H > I"}', // 8: too deep
].join('\n');

const CSV = [
  'itemId,title,category,brand,price,currency,tags,available',
  'c-1,"Coat, wool",Outerwear > Coats,Talu,260,EUR,wool|winter,yes',
  'c-2,Sandal,Shoes > Sandals,,14.5,EUR,,true',
  'c-3,Shirt,Tops,Talu,abc,EUR,,true', // 4: price not a number
  'c-4,Bag,Bags,Talu,50,EUR,,maybe', // 5: not a boolean
  'c-5,Short,Tops,Talu', // 6: too few fields
].join('\r\n');

describe('parseCatalogue', () => {
  it('loads JSON lines with any category path and currency, reporting bad rows by line', () => {
    const { data, report } = parseCatalogue(enc(JSONL), 'jsonl', 'items.jsonl');
    expect(report).toMatchObject({ rowsRead: 8, rowsKept: 3, rowsBad: 5 });
    expect(report.badRows.map((b) => b.line)).toEqual([3, 4, 6, 7, 8]);
    expect(report.badRows[0]?.reason).toBe('currency: is required with a price');
    expect(report.badRows[2]?.reason).toBe('duplicate itemId "sku-1"');
    expect(report.badRows[3]?.reason).toMatch(/^price: /);
    expect(report.badRows[4]?.reason).toMatch(/^category: must have at most 8 levels/);
    expect(data.ids).toEqual(['sku-1', 'sku-2', 'sku-4']);
    expect([0, 1, 2].map((r) => categoryIdAt(data, r))).toEqual([
      'women/dresses/maxi',
      'herren/schuhe/größe-44',
      'women',
    ]);
    expect(data.currencies).toEqual(['EUR', 'JPY']);
    expect(Array.from(data.available)).toEqual([1, 0, 1]);
  });

  it('keeps labels, ancestors, picture and attributes, and bands prices by quintile per currency', () => {
    const { data } = parseCatalogue(enc(JSONL), 'jsonl');
    expect(catalogueRow(data, 0)).toEqual({
      itemId: 'sku-1',
      title: 'Linen dress',
      category: ['Women', 'Dresses', 'Maxi'],
      categoryId: 'women/dresses/maxi',
      brand: 'Talu',
      price: 39.99,
      currency: 'EUR',
      imageUrl: 'https://shop.example/1.jpg',
      tags: ['linen', 'summer'],
      attributes: { material: 'linen', length_cm: 120 },
      available: true,
    });
    // EUR prices [39.99, 120]: the cheaper is in a lower band; a lone JPY price is its own scale.
    expect(data.priceBand[0]).toBeLessThan(data.priceBand[1]!);
    expect(catalogueRow(data, 2)).toMatchObject({ tags: ['summer'], currency: 'JPY' });
    const tree = catalogueTree(data);
    expect(tree.categories.map((c) => [c.id, c.label, c.items])).toEqual([
      ['herren', 'Herren', 1],
      ['herren/schuhe', 'Schuhe', 1],
      ['herren/schuhe/größe-44', 'Größe 44', 1],
      ['women', 'Women', 2],
      ['women/dresses', 'Dresses', 1],
      ['women/dresses/maxi', 'Maxi', 1],
    ]);
    expect(tree).toMatchObject({ items: 3, currencies: ['EUR', 'JPY'] });
  });

  it('loads CSV with quoted titles, category paths and |-separated tags, reporting unconvertible fields', () => {
    const { data, report } = parseCatalogue(enc(CSV), 'csv', 'items.csv');
    expect(report).toMatchObject({ rowsRead: 5, rowsKept: 2, rowsBad: 3 });
    expect(report.badRows.map((b) => [b.line, b.reason])).toEqual([
      [4, 'price: "abc" is not a number'],
      [5, 'available: "maybe" is not a boolean'],
      [6, 'expected 8 fields, got 4'],
    ]);
    expect(catalogueRow(data, 0)).toMatchObject({
      title: 'Coat, wool',
      categoryId: 'outerwear/coats',
      tags: ['wool', 'winter'],
    });
    expect(catalogueRow(data, 1)).toMatchObject({ itemId: 'c-2', price: 14.5, tags: [] });
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
    expect(report.rowsBad).toBe(8);
    expect(report.badRows.find((b) => b.source === 'cat/part-00001.csv')?.line).toBe(4);
  });

  it('aligns catalogue rows with an interaction index space', () => {
    const { data } = parseCatalogue(enc(JSONL), 'jsonl');
    expect(Array.from(alignCatalogue(data, ['sku-4', 'unknown', 'sku-1']))).toEqual([2, -1, 0]);
  });

  it('aligns each catalogue by its own rows when one retrain aligns several catalogues', () => {
    // The id → row map is kept per catalogue (built once): a second catalogue never reuses it.
    const { data: first } = parseCatalogue(enc(JSONL), 'jsonl');
    const reversed = JSONL.split('\n').reverse().join('\n');
    const { data: second } = parseCatalogue(enc(reversed), 'jsonl');
    const ids = ['sku-1', 'sku-2', 'sku-4', 'unknown'];
    expect(Array.from(alignCatalogue(first, ids))).toEqual([0, 1, 2, -1]);
    expect(Array.from(alignCatalogue(second, ids))).toEqual(ids.map((id) => second.ids.indexOf(id)));
    expect(Array.from(alignCatalogue(first, ids.slice(1)))).toEqual([1, 2, -1]);
  });
});
