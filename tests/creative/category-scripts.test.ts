/**
 * Category banners whose label no bundled face draws (a shop's taxonomy in Chinese), in workerd:
 * the label's characters are reported in `X-Vitrine-Uncovered` and a `copy_uncovered` log line —
 * on a generated banner, on its colo-cache hit and on the copy-only fallback — as item banners do
 * (scripts.test.ts); and a label with a parent level gives way to the parent's label, as an item's
 * title gives way to its category's, so that banner is byte for byte the parent's banner the batch
 * side composed in Node.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codePointList } from '#shared/creatives';
import type { Manifest } from '#shared/schemas';
import {
  categoryUrl,
  fixture,
  fixtureManifest,
  fromBase64,
  get,
  loadFixture,
  publishAndRefresh,
} from './support.ts';

/** The code points of `text`, ascending, as the header lists them. */
const codePointsOf = (text: string) =>
  codePointList([...new Set([...text].map((c) => c.codePointAt(0) as number))].sort((a, b) => a - b));

const drawn = fixture.cases[0]!;
/** The fixture case's class renamed to a child level in Chinese (e.g. `coat/大衣`): same image, label 大衣. */
const child = `${drawn.category}/大衣`;
/** Another class renamed to a top-level Chinese category: no parent to give way to. */
const topLevel = '连衣裙';

let base: Manifest;
/** A class left as it is (its label is Latin). */
let untouched: string;

beforeAll(async () => {
  await loadFixture();
  base = await fixtureManifest();
  const generator = base.generator!;
  const other = generator.categories.find((c) => c !== drawn.category)!;
  untouched = generator.categories.find((c) => c !== drawn.category && c !== other)!;
  const categories = generator.categories.map((c) =>
    c === drawn.category ? child : c === other ? topLevel : c,
  );
  await publishAndRefresh({
    ...base,
    version: 'creative-category-scripts-1',
    generator: { ...generator, categories },
  });
});

afterAll(async () => {
  await publishAndRefresh(base);
});

/** Every `copy_uncovered` line `warn` saw. */
const uncoveredLines = (warn: { mock: { calls: unknown[][] } }) =>
  warn.mock.calls
    .map((c) => JSON.parse(String(c[0])) as Record<string, unknown>)
    .filter((line) => line.event === 'copy_uncovered');

describe('category banners in a script no face covers', () => {
  it('reports the label in X-Vitrine-Uncovered and a log line, also from the colo cache', async () => {
    const c = { category: encodeURIComponent(topLevel), seed: 4242, size: 'leaderboard', template: 'bold' };
    const warn = vi.spyOn(console, 'warn');
    const first = await get(categoryUrl(c));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-vitrine-creative')).toBe('generated');
    expect(first.headers.get('x-vitrine-cache')).toBe('miss');
    expect(first.headers.get('x-vitrine-uncovered')).toBe(codePointsOf(topLevel));
    expect(uncoveredLines(warn)).toEqual([
      expect.objectContaining({ category: topLevel, codePoints: codePointsOf(topLevel) }),
    ]);
    // The fill runs in waitUntil; poll until it has landed (never a timing assertion).
    let again = await get(categoryUrl(c));
    for (let i = 0; i < 50 && again.headers.get('x-vitrine-cache') !== 'hit'; i++)
      again = await get(categoryUrl(c));
    expect(again.headers.get('x-vitrine-cache')).toBe('hit');
    expect(again.headers.get('x-vitrine-uncovered')).toBe(codePointsOf(topLevel));
    expect(again.bytes).toEqual(first.bytes);
    warn.mockRestore();
  });

  it("draws a child label no face covers as its parent's label, and still reports it", async () => {
    const res = await get(categoryUrl({ ...drawn, category: encodeURIComponent(child) }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    expect(res.headers.get('x-vitrine-uncovered')).toBe(codePointsOf('大衣'));
    expect(res.bytes).toEqual(fromBase64(drawn.pngBase64));
  });

  it('reports the label of a copy-only fallback (a category the generator does not draw)', async () => {
    const warn = vi.spyOn(console, 'warn');
    const res = await get(
      categoryUrl({ category: encodeURIComponent('凉鞋'), seed: 1, size: 'leaderboard', template: 'bold' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-creative')).toBe('copy-only');
    expect(res.headers.get('x-vitrine-fallback')).toBe('category_not_generated');
    expect(res.headers.get('x-vitrine-uncovered')).toBe(codePointsOf('凉鞋'));
    expect(uncoveredLines(warn)).toEqual([
      expect.objectContaining({ category: '凉鞋', codePoints: codePointsOf('凉鞋') }),
    ]);
    warn.mockRestore();
  });

  it('sends no X-Vitrine-Uncovered when every character of the copy is drawn', async () => {
    const res = await get(
      categoryUrl({ category: untouched, seed: 5, size: 'leaderboard', template: 'bold' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    expect(res.headers.get('x-vitrine-uncovered')).toBeNull();
  });
});
