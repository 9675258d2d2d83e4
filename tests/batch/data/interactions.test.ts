import { describe, expect, it } from 'vitest';
import { InteractionBuilder, subset, toCsr } from '../../../batch/src/data/interactions.ts';
import { interactionsOf } from '../../support/interactions.ts';

describe('InteractionBuilder', () => {
  it('interns string ids in first-seen order and keeps rows in insertion order', () => {
    const b = new InteractionBuilder(1);
    b.add('alice', 'sku-2', 1);
    b.add('bob', 'sku-1', 8);
    b.add('alice', 'sku-1', 2);
    const set = b.build();
    expect(set.userIds).toEqual(['alice', 'bob']);
    expect(set.itemIds).toEqual(['sku-2', 'sku-1']);
    expect(Array.from(set.users)).toEqual([0, 1, 0]);
    expect(Array.from(set.items)).toEqual([0, 1, 1]);
    expect(Array.from(set.weights)).toEqual([1, 8, 2]);
    expect(set.timestamps).toBeNull();
    expect(set.length).toBe(3);
  });

  it('grows past its initial capacity without losing rows', () => {
    const b = new InteractionBuilder(2);
    for (let r = 0; r < 1000; r++) b.add(`u${r % 7}`, `i${r % 13}`, r, r * 1000);
    const set = b.build();
    expect(set.length).toBe(1000);
    expect(set.weights[999]).toBe(999);
    expect(set.timestamps?.[500]).toBe(500_000);
    expect(set.userIds).toHaveLength(7);
    expect(set.itemIds).toHaveLength(13);
  });

  it('marks rows without a timestamp as NaN once any row has one', () => {
    const b = new InteractionBuilder();
    b.add('u', 'a', 1);
    b.add('u', 'b', 1, 1_700_000_000_000);
    b.add('u', 'c', 1);
    const ts = b.build().timestamps!;
    expect(Number.isNaN(ts[0]!)).toBe(true);
    expect(ts[1]).toBe(1_700_000_000_000);
    expect(Number.isNaN(ts[2]!)).toBe(true);
  });

  it('does not change a built set when more rows are added later', () => {
    const b = new InteractionBuilder(4);
    b.add('u', 'a', 1);
    const first = b.build();
    for (let r = 0; r < 10; r++) b.add('v', 'b', 5);
    expect(first.length).toBe(1);
    expect(Array.from(first.weights)).toEqual([1]);
    expect(first.userIds).toEqual(['u']);
    expect(b.build().length).toBe(11);
  });

  it('appendUser registers ids without a lookup and internUser finds them afterwards', () => {
    const b = new InteractionBuilder();
    expect(b.appendUser('u0')).toBe(0);
    expect(b.appendUser('u1')).toBe(1);
    expect(b.internUser('u1')).toBe(1);
    expect(b.appendUser('u2')).toBe(2);
    expect(b.internUser('u2')).toBe(2);
    expect(b.internUser('new')).toBe(3);
  });
});

describe('toCsr', () => {
  const b = new InteractionBuilder();
  // user x: items c, a, c (duplicate), user y: item b, user z: nothing by row (interned only)
  b.add('x', 'c', 1);
  b.add('x', 'a', 2);
  b.add('y', 'b', 4);
  b.add('x', 'c', 3);
  b.internUser('z');
  const set = b.build();

  it('sums duplicate pairs and sorts columns within each user row', () => {
    const csr = toCsr(set, 'user');
    // items: c=0, a=1, b=2; users: x=0, y=1, z=2
    expect(Array.from(csr.indptr)).toEqual([0, 2, 3, 3]);
    expect(Array.from(csr.indices)).toEqual([0, 1, 2]);
    expect(Array.from(csr.values)).toEqual([4, 2, 4]);
  });

  it('builds the item-major transpose', () => {
    const csr = toCsr(set, 'item');
    expect(Array.from(csr.indptr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(csr.indices)).toEqual([0, 0, 1]);
    expect(Array.from(csr.values)).toEqual([4, 2, 4]);
  });
});

describe('subset', () => {
  it('keeps masked rows in order and shares the id tables', () => {
    const set = interactionsOf([
      ['u1', 'a', 1, 10],
      ['u2', 'b', 2, 20],
      ['u1', 'c', 3, 30],
    ]);
    const part = subset(set, [1, 0, 1]);
    expect(part.length).toBe(2);
    expect(Array.from(part.items)).toEqual([0, 2]);
    expect(Array.from(part.timestamps!)).toEqual([10, 30]);
    expect(part.itemIds).toBe(set.itemIds);
    expect(part.userIds).toBe(set.userIds);
  });

  it('rejects a mask of the wrong length', () => {
    const b = new InteractionBuilder();
    b.add('u', 'a');
    expect(() => subset(b.build(), [1, 1])).toThrow(RangeError);
  });
});
