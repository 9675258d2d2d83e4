import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '#shared/storage';
import { toCsr } from '../../../batch/src/data/interactions.ts';
import {
  loadMovieLensRatings,
  parseInteractionsCsv,
  parseMovieLensRatings,
} from '../../../batch/src/data/interactions-csv.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const fixture = readFileSync(
  fileURLToPath(new URL('../../fixtures/movielens-tiny/handwritten-ratings.csv', import.meta.url)),
);

describe('parseInteractionsCsv', () => {
  it('detects a header by well-known names and finds columns in any order', () => {
    const { data, report } = parseInteractionsCsv(
      bytes('timestamp,item_id,user_id,rating\n2026-01-02T00:00:00Z,sku-1,alice,3\n1700000000,sku-2,bob,\n'),
    );
    expect(report).toMatchObject({ rowsRead: 2, rowsKept: 2, rowsBad: 0 });
    expect(data.userIds).toEqual(['alice', 'bob']);
    expect(data.itemIds).toEqual(['sku-1', 'sku-2']);
    // An empty weight takes the default (1); numbers below 1e11 are seconds.
    expect(Array.from(data.weights)).toEqual([3, 1]);
    expect(Array.from(data.timestamps!)).toEqual([Date.parse('2026-01-02T00:00:00Z'), 1_700_000_000_000]);
  });

  it('reads headerless files by position: user, item, weight, timestamp', () => {
    const { data, report } = parseInteractionsCsv(bytes('u1,i1\nu2,i1,5\nu2,i2,2,1700000000000\n'));
    expect(report.rowsKept).toBe(3);
    expect(Array.from(data.weights)).toEqual([1, 5, 2]);
    expect(data.timestamps![2]).toBe(1_700_000_000_000);
  });

  it('uses configured column names and requires them in the header', () => {
    const csv = 'shopper;article;qty\nA;X;2\n';
    const ok = parseInteractionsCsv(bytes(csv), {
      delimiter: ';',
      columns: { user: 'shopper', item: 'article', weight: 'qty' },
    });
    expect(ok.report.rowsKept).toBe(1);
    expect(ok.data.weights[0]).toBe(2);

    const missing = parseInteractionsCsv(bytes(csv), {
      delimiter: ';',
      columns: { user: 'customer', item: 'article' },
    });
    expect(missing.data.length).toBe(0);
    expect(missing.report.badRows[0]).toMatchObject({ line: 1 });
    expect(missing.report.badRows[0]?.reason).toMatch(/customer/);
  });

  it('reports each malformed row with its line number and keeps the rest', () => {
    const csv = [
      'user,item,weight,timestamp', // 1
      'a,x,1,1700000000', // 2 ok
      'b,,1,1700000000', // 3 empty item
      'c,y,lots,1700000000', // 4 bad weight
      'd,y,1,not a date', // 5 bad timestamp
      '"e,y,1,1700000000', // 6 unterminated quote
      'f,z,1', // 7 too few fields
      'g,z,2,1700000001', // 8 ok
    ].join('\n');
    const { data, report } = parseInteractionsCsv(bytes(csv), { source: 'mixed.csv' });
    expect(report).toMatchObject({
      source: 'mixed.csv',
      rowsRead: 7,
      rowsKept: 2,
      rowsBad: 5,
      badRowsTruncated: false,
    });
    expect(report.badRows.map((b) => b.line)).toEqual([3, 4, 5, 6, 7]);
    expect(report.badRows.map((b) => b.reason)).toEqual([
      'empty item id',
      'weight "lots" is not a number',
      'timestamp "not a date" is not a date',
      'unterminated quoted field',
      'expected 4 fields, got 3',
    ]);
    expect(data.userIds).toEqual(['a', 'g']);
  });

  it('caps the listed bad rows but keeps the count exact', () => {
    const lines = ['user,item,weight'];
    for (let i = 0; i < 30; i++) lines.push(`u${i},i${i},x`);
    const { report } = parseInteractionsCsv(bytes(lines.join('\n')), { maxBadRows: 5 });
    expect(report.rowsBad).toBe(30);
    expect(report.badRows).toHaveLength(5);
    expect(report.badRowsTruncated).toBe(true);
  });
});

describe('MovieLens ratings.csv', () => {
  it('keeps the good lines of a hand-written file and reports the bad ones by line', () => {
    const { data, report } = parseMovieLensRatings(fixture);
    expect(report).toMatchObject({ rowsRead: 12, rowsKept: 6, rowsBad: 6 });
    expect(report.badRows.map((b) => [b.line, b.reason])).toEqual([
      [6, 'weight "not-a-number" is not a number'],
      [8, 'weight 7 outside [0.5, 5]'],
      [9, 'empty item id'],
      [10, 'expected 4 fields, got 3'],
      [11, 'expected 4 fields, got 5'],
      [12, 'timestamp "yesterday" is not a date'],
    ]);
    expect(data.userIds).toEqual(['1', '2', '4']);
    expect(data.itemIds).toEqual(['1', '3', '6', '7']);
    // Seconds become epoch milliseconds.
    expect(data.timestamps![0]).toBe(964_982_703_000);
    const csr = toCsr(data, 'user');
    expect(Array.from(csr.values.subarray(csr.indptr[1]!, csr.indptr[2]!))).toEqual([5, 3.5]);
  });

  it('loads the same file from a store', async () => {
    const store = new MemoryStore('movielens');
    await store.put('ml/ratings.csv', fixture);
    const { data, report } = await loadMovieLensRatings(store, 'ml/ratings.csv');
    expect(report.source).toBe('ml/ratings.csv');
    expect(data.length).toBe(6);
  });
});
