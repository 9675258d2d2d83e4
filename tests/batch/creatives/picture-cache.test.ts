/**
 * Recently drawn pictures (shared/src/creatives/picture-cache.ts): the same source bytes drawn
 * the same way are drawn once; other bytes, other drawing inputs, or bytes whose digest collides
 * are drawn afresh; and a banner drawn from a kept picture is the banner drawn from scratch.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BRAND_KIT,
  encodePng,
  itemCopy,
  type PictureSource,
  RecentPictures,
  renderBanner,
} from '#shared/creatives';
import { nodeBannerEngine } from '../../../batch/src/creatives/index.ts';

function counting() {
  let draws = 0;
  return {
    draw: (url: string) => () => {
      draws++;
      return url;
    },
    draws: () => draws,
  };
}

describe('recent pictures', () => {
  it('draws the same bytes drawn the same way once', () => {
    const recent = new RecentPictures();
    const c = counting();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    expect(recent.get(bytes, 'photo|112', c.draw('a'))).toBe('a');
    expect(recent.get(Uint8Array.from(bytes), 'photo|112', c.draw('b'))).toBe('a');
    expect(c.draws()).toBe(1);
    expect(recent.get(bytes, 'photo|84', c.draw('c'))).toBe('c');
    expect(recent.get(new Uint8Array([1, 2, 3, 5]), 'photo|112', c.draw('d'))).toBe('d');
    expect(c.draws()).toBe(3);
  });

  it('compares a hit byte for byte: a colliding digest is drawn afresh', () => {
    const recent = new RecentPictures(() => 7);
    const c = counting();
    expect(recent.get(new Uint8Array([1, 2, 3]), 'photo', c.draw('first'))).toBe('first');
    expect(recent.get(new Uint8Array([3, 2, 1]), 'photo', c.draw('second'))).toBe('second');
    expect(recent.get(new Uint8Array([3, 2, 1]), 'photo', c.draw('third'))).toBe('second');
    expect(c.draws()).toBe(2);
  });

  it('keeps a bounded number of pictures, dropping the least recently used', () => {
    const recent = new RecentPictures();
    const c = counting();
    const source = (i: number) => new Uint8Array([i & 255, i >> 8]);
    for (let i = 0; i < 100; i++) recent.get(source(i), 'g', c.draw(`p${i}`));
    expect(recent.get(source(99), 'g', c.draw('again'))).toBe('p99');
    expect(recent.get(source(0), 'g', c.draw('redrawn'))).toBe('redrawn');
    expect(c.draws()).toBe(101);
  });
});

describe('banners with kept pictures', () => {
  it('are byte for byte the banners drawn with fresh pictures', async () => {
    const engine = await nodeBannerEngine();
    const kit = DEFAULT_BRAND_KIT;
    const copy = itemCopy({ itemId: 'sku-1', title: 'Linen shirt', price: 49.5, currency: 'USD' }, kit);
    const data = Uint8Array.from({ length: 90 * 60 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 13) % 256));
    const photo = (): PictureSource => ({ kind: 'photo', bytes: encodePng({ width: 90, height: 60, data }) });
    const draw = (picture: PictureSource) =>
      renderBanner(engine, { size: 'medium-rectangle', template: 'bold', kit, copy, picture }, 'png');
    const first = await draw(photo());
    const again = await draw(photo());
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    // Another photo of the same size is its own picture, not the kept one.
    const other = {
      kind: 'photo' as const,
      bytes: encodePng({ width: 90, height: 60, data: data.map((v) => 255 - v) }),
    };
    expect(Buffer.from((await draw(other)).bytes).equals(Buffer.from(first.bytes))).toBe(false);
  });
});
