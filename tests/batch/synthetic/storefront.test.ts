import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { categoryIdAt } from '../../../batch/src/data/catalogue.ts';
import { loadCatalogue } from '../../../batch/src/data/catalogue-load.ts';
import { catalogueTree } from '../../../batch/src/data/catalogue-publish.ts';
import { loadBehaviourEvents } from '../../../batch/src/data/events.ts';
import { type InteractionSet, toCsr } from '../../../batch/src/data/interactions.ts';
import { evaluate } from '../../../batch/src/eval/evaluate.ts';
import { PopularityRecommender, type Recommender } from '../../../batch/src/eval/recommender.ts';
import { stratifiedSplit } from '../../../batch/src/eval/splits.ts';
import { generateStorefront, type Storefront } from '../../../batch/src/synthetic/storefront.ts';

const SMALL = { seed: 11, items: 400, users: 300, events: 20_000, days: 7 };
// Generated once and only read by the tests below.
let small: Promise<Storefront> | undefined;
const smallShop = (): Promise<Storefront> => {
  small ??= generateStorefront(SMALL);
  return small;
};

/** Multiset of (user id, item id, weight, ts) rows, order-free. */
function rowKeys(set: InteractionSet): string[] {
  const out: string[] = [];
  for (let r = 0; r < set.length; r++) {
    out.push(
      `${set.userIds[set.users[r]!]}|${set.itemIds[set.items[r]!]}|${set.weights[r]}|${set.timestamps?.[r]}`,
    );
  }
  return out.sort();
}

describe('generateStorefront', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await smallShop();
    const b = await generateStorefront(SMALL);
    const c = await generateStorefront({ ...SMALL, seed: 12 });
    expect(Array.from(b.interactions.items)).toEqual(Array.from(a.interactions.items));
    expect(Array.from(b.interactions.timestamps!)).toEqual(Array.from(a.interactions.timestamps!));
    expect(b.catalogue.titles).toEqual(a.catalogue.titles);
    expect(Array.from(c.interactions.items.subarray(0, 200))).not.toEqual(
      Array.from(a.interactions.items.subarray(0, 200)),
    );
  });

  it('builds a fashion catalogue: class-level categories with leaves, EUR prices, unique titles, picture URLs', async () => {
    const shop = await smallShop();
    const { catalogue } = shop;
    expect(catalogue.length).toBe(400);
    expect(shop.segments).toBe(10);
    expect(new Set(shop.segment).size).toBe(10);
    // Every item sits in a leaf under its Fashion-MNIST class id (the generator's class list).
    for (let i = 0; i < catalogue.length; i++) {
      expect(categoryIdAt(catalogue, i)?.split('/')).toHaveLength(2);
      expect(categoryIdAt(catalogue, i)?.startsWith(`${shop.profile.segments[shop.segment[i]!]!.id}/`)).toBe(
        true,
      );
    }
    expect(catalogue.currencies).toEqual(['EUR']);
    expect(catalogue.brands).toHaveLength(50);
    expect(catalogue.price.every((p) => p > 0)).toBe(true);
    // Bands are the shop's own quintiles: each holds about a fifth of the items.
    const perBand = [0, 1, 2, 3, 4].map((b) => catalogue.priceBand.filter((x) => x === b).length);
    for (const count of perBand) expect(count).toBeGreaterThan(50);
    expect(new Set(catalogue.titles).size).toBe(catalogue.length);
    expect(catalogue.imageUrl[7]).toBe('/demo/images/7.png');
    for (let i = 0; i < catalogue.length; i++) {
      expect(catalogue.tagIndptr[i + 1]! - catalogue.tagIndptr[i]!).toBeGreaterThanOrEqual(1);
    }
    // Coats cost more than T-shirts on average (log-normal medians per segment).
    const mean = (c: number) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < catalogue.length; i++) {
        if (shop.segment[i] !== c) continue;
        s += catalogue.price[i]!;
        n++;
      }
      return s / n;
    };
    const seg = (id: string) => shop.profile.segments.findIndex((s) => s.id === id);
    expect(mean(seg('coat'))).toBeGreaterThan(2 * mean(seg('tshirt')));
  });

  it('builds the home & electronics store: a 3-level tree of ≥ 200 categories in USD', async () => {
    const shop = await generateStorefront({
      store: 'home',
      seed: 2,
      items: 3000,
      users: 50,
      events: 500,
      days: 1,
    });
    const tree = catalogueTree(shop.catalogue);
    expect(tree.categories.length).toBeGreaterThanOrEqual(200);
    const depths = new Set(tree.categories.map((c) => c.id.split('/').length));
    expect([...depths].sort()).toEqual([1, 2, 3]);
    expect(tree.currencies).toEqual(['USD']);
    expect(tree.categories.find((c) => c.id === 'audio-tv')?.label).toBe('Audio & TV');
    expect(new Set(shop.catalogue.titles).size).toBe(3000);
  });

  it('produces about the requested number of events with views ≫ clicks > carts > purchases', async () => {
    const shop = await smallShop();
    const n = shop.stats.events;
    expect(n).toBeGreaterThan(0.85 * SMALL.events);
    expect(n).toBeLessThan(1.15 * SMALL.events);
    const { view, click, add_to_cart, purchase } = shop.stats.byType;
    expect(view / n).toBeGreaterThan(0.6);
    expect(view / n).toBeLessThan(0.8);
    expect(click / view).toBeGreaterThan(0.25);
    expect(click / view).toBeLessThan(0.35);
    expect(add_to_cart).toBeLessThan(click);
    expect(purchase).toBeLessThan(add_to_cart);
    expect(purchase).toBeGreaterThan(0);
    expect(shop.stats.anonymousSessions / shop.stats.sessions).toBeGreaterThan(0.05);
    expect(shop.stats.anonymousSessions / shop.stats.sessions).toBeLessThan(0.15);
  });

  it('keeps the funnel consistent: each click, cart and purchase directly follows its predecessor', async () => {
    const shop = await smallShop();
    const set = shop.interactions;
    const ts = set.timestamps!;
    let checked = 0;
    const broken: number[] = [];
    for (let r = 0; r < set.length; r++) {
      const t = shop.eventTypes[r]!;
      if (t === 0) continue;
      checked++;
      // view → click → add_to_cart → purchase are emitted back to back for the same shopper and item.
      const ok =
        shop.eventTypes[r - 1] === t - 1 &&
        set.users[r - 1] === set.users[r] &&
        set.items[r - 1] === set.items[r] &&
        ts[r]! > ts[r - 1]!;
      if (!ok) broken.push(r);
    }
    expect(checked).toBeGreaterThan(1000);
    expect(broken).toEqual([]);
  });

  it('follows a power law: the most popular tenth of items takes a large share of events', async () => {
    const shop = await generateStorefront({ ...SMALL, items: 1000, events: 40_000 });
    const counts = new Array<number>(1000).fill(0);
    for (let r = 0; r < shop.interactions.length; r++) counts[shop.interactions.items[r]!]!++;
    counts.sort((a, b) => b - a);
    const share = (f: number) =>
      counts.slice(0, f * 1000).reduce((a, b) => a + b, 0) / shop.interactions.length;
    expect(share(0.1)).toBeGreaterThan(0.3); // uniform would be 0.1
    expect(share(0.1)).toBeLessThan(0.8);
    expect(share(0.01)).toBeGreaterThan(0.04); // uniform would be 0.01
    // Popularity follows the planted rank: the top-ranked 5% of items beat the bottom 50%.
    const byRank = new Array<number>(1000).fill(0);
    for (let r = 0; r < shop.interactions.length; r++) byRank[shop.popRank[shop.interactions.items[r]!]!]!++;
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    expect(sum(byRank.slice(0, 50))).toBeGreaterThan(sum(byRank.slice(500)));
  });

  it("plants tastes: shoppers' events concentrate in their favourite category", async () => {
    const shop = await smallShop();
    const set = shop.interactions;
    const perUser = new Map<number, number[]>();
    for (let r = 0; r < set.length; r++) {
      const u = set.users[r]!;
      if (u >= SMALL.users) continue; // anonymous sessions
      const h = perUser.get(u) ?? new Array<number>(shop.segments).fill(0);
      h[shop.segment[set.items[r]!]!]!++;
      perUser.set(u, h);
    }
    let share = 0;
    let users = 0;
    for (const [u, h] of perUser) {
      const n = h.reduce((a, b) => a + b, 0);
      if (n < 30) continue;
      share += h[shop.tastes.favouriteCategory[u]!]! / n;
      users++;
    }
    expect(users).toBeGreaterThan(100);
    expect(share / users).toBeGreaterThan(0.4); // a uniform shopper would be near 0.1
  });

  it('has structure beyond popularity: a category-affinity ranker beats the popularity baseline', async () => {
    const shop = await smallShop();
    const { train, test } = stratifiedSplit(shop.interactions, { seed: 1 });
    const pop = new PopularityRecommender(train);
    const byUser = toCsr(train, 'user');
    const category = shop.segment;
    const affinity: Recommender = {
      name: 'category-affinity',
      scoreUsers(users, out) {
        const n = pop.scores.length;
        for (let j = 0; j < users.length; j++) {
          const u = users[j]!;
          const h = new Float64Array(shop.segments);
          for (let p = byUser.indptr[u]!; p < byUser.indptr[u + 1]!; p++)
            h[category[byUser.indices[p]!]!]! += 1;
          for (let i = 0; i < n; i++) out[j * n + i] = pop.scores[i]! * (h[category[i]!]! + 0.1);
        }
      },
    };
    const base = await evaluate(pop, train, test, { k: 10 });
    const better = await evaluate(affinity, train, test, { k: 10 });
    expect(better.ndcg).toBeGreaterThan(1.5 * base.ndcg);
    expect(better.precision).toBeGreaterThan(base.precision);
  });

  it('writes events and catalogue like production, and the loaders read back the same data', async () => {
    const store = new MemoryStore('synthetic');
    const shop = await generateStorefront({ ...SMALL, events: 5000, days: 1 }, { store, partBytes: 16_384 });
    const keys = (await store.list('events/')).map((b) => b.key);
    expect(keys.every((k) => /^events\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/part-\d{5}\.ndjson$/.test(k))).toBe(
      true,
    );
    expect(keys.length).toBe(shop.stats.written?.eventFiles);
    expect(keys.some((k) => k.endsWith('part-00001.ndjson'))).toBe(true); // parts split at partBytes

    const events = await loadBehaviourEvents(store);
    expect(events.report).toMatchObject({ rowsBad: 0, rowsSkipped: 0, rowsKept: shop.stats.events });
    expect(events.report.byType).toEqual(shop.stats.byType);
    expect(rowKeys(events.data)).toEqual(rowKeys(shop.interactions));

    const catalogue = await loadCatalogue(store, 'catalogue/');
    expect(catalogue.report.rowsBad).toBe(0);
    expect(catalogue.data.ids).toEqual(shop.catalogue.ids);
    expect(Array.from(catalogue.data.priceBand)).toEqual(Array.from(shop.catalogue.priceBand));
    expect(catalogue.data.imageUrl).toEqual(shop.catalogue.imageUrl);
    const used = (c: typeof shop.catalogue) => catalogueTree(c).categories.filter((n) => n.items > 0);
    expect(used(catalogue.data)).toEqual(used(shop.catalogue));
    expect(EVENT_TYPES).toHaveLength(4);
  });
});
