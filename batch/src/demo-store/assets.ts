/**
 * The demo store's two bucket objects (layout in shared/src/schemas/storefront.ts), built from a
 * synthetic catalogue: `demo/catalogue.json`, the product feed the demo page reads, and
 * `demo/images.u8`, every item's 28×28 picture back to back (row r of the catalogue is picture r,
 * which is what the synthetic items' `imageUrl` `/demo/images/<r>.png` points at), which the
 * Worker serves as PNG.
 *
 * Pictures: an item whose top-level category is a Fashion-MNIST class id (the fashion store)
 * gets the next Fashion-MNIST *test* image of that class, inverted (the data set draws light ink
 * on black) so products sit on white; any other item (the home & electronics store) gets a drawn
 * icon (pictures.ts).
 */
import { DEMO_IMAGE_BYTES, DEMO_IMAGE_SIDE, type ProductCard, type ProductFeed } from '#shared/schemas';
import { type Catalogue, categoryIdAt } from '../data/catalogue.ts';
import { FASHION_CLASS_IDS, type ImageSet } from '../data/fashion-mnist.ts';
import { drawnPicture } from './pictures.ts';

export interface DemoAssets {
  feed: ProductFeed;
  /** `catalogue.length` pictures of DEMO_IMAGE_BYTES, in catalogue row order. */
  images: Uint8Array;
}

/** Test-image positions of each label, in file order. */
function byLabel(images: ImageSet): number[][] {
  const lists: number[][] = Array.from({ length: FASHION_CLASS_IDS.length }, () => []);
  for (let i = 0; i < images.count; i++) lists[images.labels[i]!]?.push(i);
  return lists;
}

const CLASS_INDEX = new Map<string, number>(FASHION_CLASS_IDS.map((c, i) => [c, i]));

/**
 * Builds the feed and the picture strip.
 *
 * @throws Error when `images` are not 28×28.
 * @example
 * const { feed, images } = buildDemoAssets(shop.catalogue, loadFashionMnist(dir).test);
 */
export function buildDemoAssets(catalogue: Catalogue, images: ImageSet): DemoAssets {
  if (images.rows !== DEMO_IMAGE_SIDE || images.cols !== DEMO_IMAGE_SIDE) {
    throw new Error(
      `demo pictures must be ${DEMO_IMAGE_SIDE}×${DEMO_IMAGE_SIDE}, got ${images.rows}×${images.cols}`,
    );
  }
  const lists = byLabel(images);
  const used = new Int32Array(FASHION_CLASS_IDS.length);
  const strip = new Uint8Array(catalogue.length * DEMO_IMAGE_BYTES);
  const items: ProductCard[] = [];
  for (let r = 0; r < catalogue.length; r++) {
    const category = categoryIdAt(catalogue, r);
    const label = CLASS_INDEX.get(category?.split('/')[0] ?? '');
    const list = label === undefined ? [] : (lists[label] ?? []);
    if (label !== undefined && list.length > 0) {
      const source = list[used[label]!++ % list.length]! * DEMO_IMAGE_BYTES;
      for (let p = 0; p < DEMO_IMAGE_BYTES; p++)
        strip[r * DEMO_IMAGE_BYTES + p] = 255 - images.images[source + p]!;
    } else {
      strip.set(drawnPicture(category, catalogue.ids[r]!), r * DEMO_IMAGE_BYTES);
    }
    const brand = catalogue.brand[r]! >= 0 ? catalogue.brands[catalogue.brand[r]!] : undefined;
    const price = catalogue.price[r]!;
    const currency = catalogue.currency[r]! >= 0 ? catalogue.currencies[catalogue.currency[r]!] : undefined;
    items.push({
      itemId: catalogue.ids[r]!,
      title: catalogue.titles[r] || catalogue.ids[r]!,
      ...(Number.isNaN(price) || currency === undefined
        ? {}
        : { price: Math.round(price * 100) / 100, currency }),
      image: catalogue.imageUrl[r] || `/demo/images/${r}.png`,
      ...(category === undefined ? {} : { category }),
      ...(brand === undefined ? {} : { brand }),
    });
  }
  return { feed: { items }, images: strip };
}
