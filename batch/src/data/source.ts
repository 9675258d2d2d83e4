/**
 * Loaders accept either an open `BlobStore` or a store URI (`file://…`, `s3://…`, `mem://…`), so
 * the CLI can pass what the user typed and tests can pass a store they filled.
 */
import type { BlobStore } from '#shared/storage';
import { openStore } from '../storage/open.ts';

/**
 * The store itself, or the store a URI names.
 *
 * @example
 * const store = resolveStore('file://.vitrine/store');
 */
export function resolveStore(store: BlobStore | string): BlobStore {
  return typeof store === 'string' ? openStore(store) : store;
}
