/**
 * The demo store's two bucket objects (layout in shared/src/schemas/storefront.ts), built from a
 * catalogue and Fashion-MNIST: `demo/catalogue.json`, the product feed the `<vitrine-recs>`
 * widget and the demo page read, and `demo/images.u8`, every item's 28×28 picture back to back
 * (row r of the catalogue is picture r), which the Worker serves as PNG.
 *
 * Pictures: an item's `imageIndex` is its ordinal among the Fashion-MNIST *test* images of its
 * category (categories are the Fashion-MNIST classes in label order); wrapped around the images
 * the data set at hand has. Pixels are inverted (Fashion-MNIST draws light ink on black) so
 * products sit on white, as in a shop.
 */
import {
  CATEGORIES,
  DEMO_IMAGE_BYTES,
  DEMO_IMAGE_SIDE,
  type ProductCard,
  type ProductFeed,
} from '#shared/schemas';
import type { Catalogue } from '../data/catalogue.ts';
import type { ImageSet } from '../data/fashion-mnist.ts';

export interface DemoAssets {
  feed: ProductFeed;
  /** `catalogue.length` pictures of DEMO_IMAGE_BYTES, in catalogue row order. */
  images: Uint8Array;
}

/** Test-image positions of each label, in file order. */
function byLabel(images: ImageSet): number[][] {
  const lists: number[][] = Array.from({ length: CATEGORIES.length }, () => []);
  for (let i = 0; i < images.count; i++) lists[images.labels[i]!]?.push(i);
  return lists;
}

/**
 * Builds the feed and the picture strip.
 *
 * @throws Error when `images` are not 28×28 or miss a category the catalogue uses.
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
  const strip = new Uint8Array(catalogue.length * DEMO_IMAGE_BYTES);
  const items: ProductCard[] = [];
  for (let r = 0; r < catalogue.length; r++) {
    const category = catalogue.category[r]!;
    const list = lists[category] ?? [];
    if (list.length === 0) throw new Error(`no Fashion-MNIST picture for category ${CATEGORIES[category]}`);
    const ordinal = catalogue.imageIndex[r]! >= 0 ? catalogue.imageIndex[r]! : r;
    const source = list[ordinal % list.length]! * DEMO_IMAGE_BYTES;
    for (let p = 0; p < DEMO_IMAGE_BYTES; p++)
      strip[r * DEMO_IMAGE_BYTES + p] = 255 - images.images[source + p]!;
    const brand = catalogue.brand[r]! >= 0 ? catalogue.brands[catalogue.brand[r]!] : undefined;
    const price = catalogue.price[r]!;
    items.push({
      itemId: catalogue.ids[r]!,
      title: catalogue.titles[r] || `${brand ?? ''} ${CATEGORIES[category]}`.trim(),
      ...(Number.isNaN(price) ? {} : { price: Math.round(price * 100) / 100, currency: 'EUR' }),
      image: `/demo/images/${r}.png`,
      category: CATEGORIES[category],
      ...(brand === undefined ? {} : { brand }),
    });
  }
  return { feed: { items }, images: strip };
}
