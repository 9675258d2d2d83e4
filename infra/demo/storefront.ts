/**
 * The demo store page's data (`/demo` on the Worker): the product feed and Fashion-MNIST
 * pictures of the synthetic catalogue, written into the model store so that they travel into
 * the local R2 with the model (batch/src/demo-store does the work).
 */
import { join } from 'node:path';
import { isAppError } from '#shared/errors';
import { DEMO_CATALOGUE_KEY } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { loadCatalogue } from '../../batch/src/data/catalogue-load.ts';
import { writeDemoAssets } from '../../batch/src/demo-store/index.ts';

/**
 * Writes `demo/catalogue.json` and `demo/images.u8` into `store` unless already there, from the
 * catalogue of the shop generated under `<dir>/shop`.
 *
 * @example
 * await ensureStorefrontAssets('.vitrine/demo', data.store, console.log);
 */
export async function ensureStorefrontAssets(
  dir: string,
  store: BlobStore,
  say: (line: string) => void,
): Promise<void> {
  try {
    await store.head(DEMO_CATALOGUE_KEY);
    return;
  } catch (error) {
    if (!isAppError(error) || error.kind !== 'not_found') throw error;
  }
  const { data: catalogue } = await loadCatalogue(`file://${join(dir, 'shop')}`, 'catalogue/');
  const written = await writeDemoAssets(store, catalogue);
  say(`demo store: ${written.items} products and their pictures → ${store.uri} (demo/)`);
}
