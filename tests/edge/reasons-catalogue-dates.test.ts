/**
 * `new_in_category` from a catalogue's own dates, end to end: the synthetic home store stamps
 * `addedAt` on its catalogue (a tenth of the items launched during the 30 days of history, which
 * the global setup ends at today's midnight), the real pipeline carries it into the IVF lists'
 * metadata, and the Worker in workerd names recently added items in trained users' answers —
 * no republished fixture, no stubbed clock.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { NEW_ITEM_DAYS, type Reason } from '#shared/schemas';
import '../fixtures/home-store/types.ts';
import { type Answer, call, type Item } from './support/fixture.ts';
import { copyHomeStore } from './support/home-store.ts';

const home = inject('homeFixture');
const DAY_MS = 86_400_000;

interface ReasonedAnswer extends Omit<Answer, 'items'> {
  items: (Item & { reason?: Reason })[];
}

beforeAll(copyHomeStore);

describe('new_in_category from the catalogue’s addedAt (home store through the pipeline)', () => {
  it('names recently added items new, with their date and category, and the others picked_for_you', async () => {
    const codes: string[] = [];
    for (const user of home.users) {
      const { status, body } = await call<ReasonedAnswer>(
        `/v1/users/${user}/recommendations?k=40&nprobe=${home.lists}`,
      );
      expect(status).toBe(200);
      expect(body.strategy).toBe('user_vector');
      const now = Date.now();
      for (const item of body.items) {
        const added = home.addedAt[item.itemId];
        expect(added, item.itemId).toBeDefined();
        const age = now - Date.parse(added!);
        // Items dated within a minute of the 30-day edge could flip while the request runs.
        if (Math.abs(age - NEW_ITEM_DAYS * DAY_MS) < 60_000) continue;
        const expected: Reason =
          age <= NEW_ITEM_DAYS * DAY_MS
            ? { code: 'new_in_category', addedAt: added!, category: home.categoryOf[item.itemId]! }
            : { code: 'picked_for_you' };
        expect(item.reason, item.itemId).toEqual(expected);
        codes.push(item.reason!.code);
      }
    }
    expect(codes).toContain('new_in_category');
    expect(codes).toContain('picked_for_you');
  });
});
