/**
 * Where a GAN job's images come from, loaded into the three splits (train / validation / test).
 *
 * - Fashion-MNIST (default): the lookup of locateFashionMnist; train/validation held out of its
 *   training file, its t10k file as test.
 * - A shop's own pictures (`images`): see gan-shop-images.ts.
 */
import { type FashionLocation, loadFashionMnist, locateFashionMnist } from '../data/fashion-mnist.ts';
import { fashionGanData, type GanData } from '../models/gan/dataset.ts';
import { loadShopImages, type ShopImagesOptions, type ShopImagesResult } from './gan-shop-images.ts';

export interface GanDataOptions {
  /** Fashion-MNIST directory; default: the lookup order of locateFashionMnist. */
  dataDir?: string;
  /** The shop's own pictures instead of Fashion-MNIST. */
  images?: ShopImagesOptions;
}

export interface LoadedGanData {
  data: GanData;
  /** One line for logs and reports: what was read, from where. */
  description: string;
  fashion?: FashionLocation;
  shop?: Omit<ShopImagesResult, 'data'>;
}

/**
 * Loads the images a GAN job trains or is evaluated on.
 *
 * @example
 * const { data, description } = await loadGanData({});
 */
export async function loadGanData(options: GanDataOptions): Promise<LoadedGanData> {
  if (options.images) {
    const { data, ...shop } = await loadShopImages(options.images);
    const from = options.images.dir ?? options.images.list;
    return {
      data,
      description:
        `${shop.pictures} shop pictures from ${from} at ${options.images.side}×${options.images.side} RGB, ` +
        `${data.categories.length} categories: ${data.train.count} train / ${data.validation.count} validation / ${data.test.count} test` +
        (shop.skipped.length > 0 ? `; ${shop.skipped.length} unreadable pictures skipped` : ''),
      shop,
    };
  }
  const location = locateFashionMnist(options.dataDir);
  const data = fashionGanData(loadFashionMnist(location.dir));
  return {
    data,
    description: `Fashion-MNIST from ${location.dir} (${location.source}): ${data.train.count} train / ${data.validation.count} validation / ${data.test.count} test`,
    fashion: location,
  };
}
