/**
 * Puts the demo store's objects into a bucket (any `BlobStore`: the local R2 of `wrangler dev`
 * through its adapter, a file store, S3).
 */
import { DEMO_CATALOGUE_KEY, DEMO_IMAGES_KEY } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { Catalogue } from '../data/catalogue.ts';
import { BUNDLED_DIR, loadFashionMnist } from '../data/fashion-mnist.ts';
import { buildDemoAssets } from './assets.ts';

export interface DemoAssetsSummary {
  items: number;
  feedBytes: number;
  imageBytes: number;
  /** Which Fashion-MNIST copy the pictures came from. */
  fashionMnist: string;
}

/**
 * Builds and writes `demo/catalogue.json` and `demo/images.u8` for `catalogue`. Pictures come
 * from the Fashion-MNIST subset bundled in data/ unless `fashionDir` names another copy: the
 * demo then looks the same on every machine and never reads the team's shared folder.
 *
 * @example
 * await writeDemoAssets(store, shop.catalogue); // pictures from the bundled Fashion-MNIST subset
 */
export async function writeDemoAssets(
  store: BlobStore,
  catalogue: Catalogue,
  fashionDir: string = BUNDLED_DIR,
): Promise<DemoAssetsSummary> {
  const { feed, images } = buildDemoAssets(catalogue, loadFashionMnist(fashionDir).test);
  const json = new TextEncoder().encode(JSON.stringify(feed));
  await store.put(DEMO_CATALOGUE_KEY, json, { contentType: 'application/json' });
  await store.put(DEMO_IMAGES_KEY, images, { contentType: 'application/octet-stream' });
  return {
    items: feed.items.length,
    feedBytes: json.length,
    imageBytes: images.length,
    fashionMnist: fashionDir,
  };
}
