/** GET /v1/items/:itemId/similar against exact item-to-item brute force from Node. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Answer, call, fixture, ids, publishToBucket } from './support/fixture.ts';

beforeAll(publishToBucket);

describe('GET /v1/items/:itemId/similar', () => {
  it('equals the exact neighbours (without the item itself) when every list is probed', async () => {
    expect(fixture.similar.length).toBeGreaterThan(0);
    for (const { itemId, exact } of fixture.similar) {
      const { status, body } = await call<Answer>(
        `/v1/items/${itemId}/similar?k=${fixture.k}&nprobe=${fixture.lists}`,
      );
      expect(status).toBe(200);
      expect(body.strategy).toBe('item_similarity');
      expect(ids(body)).toEqual(exact);
      expect(ids(body)).not.toContain(itemId);
    }
  });

  it('filters neighbours by category', async () => {
    const { itemId } = fixture.similar[0]!;
    const category = fixture.categories[itemId] as string;
    // As many as the category has besides the item itself, up to 20 (the fixture's categories vary in size).
    const others = Object.entries(fixture.categories).filter(
      ([id, c]) => c === category && id !== itemId,
    ).length;
    const k = Math.min(20, others);
    expect(k).toBeGreaterThan(5);
    const { body } = await call<Answer>(`/v1/items/${itemId}/similar?k=${k}&category=${category}`);
    expect(body.items).toHaveLength(k);
    expect(body.items.every((i) => i.category === category)).toBe(true);
  });

  it('answers 404 naming itemId for an item the model does not know', async () => {
    const { status, body } = await call<{ error: { kind: string; field?: string } }>(
      '/v1/items/no-such-item/similar',
    );
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ kind: 'not_found', field: 'itemId' });
  });
});
