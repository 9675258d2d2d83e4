/**
 * Reading a blob that may legitimately be absent (a pointer before the first publish, state
 * before the first run): absence is a value, every other failure (an outage, a bad key) still
 * throws. One helper, so "missing" is decided in one place by the store contract's `not_found`.
 */
import { isAppError } from '../errors/index.ts';
import type { BlobStore } from './store.ts';

/**
 * `store.get(key)`, or null when the key does not exist.
 *
 * @example
 * const bytes = await getIfPresent(store, 'state/pipeline.json'); // null on a fresh store
 */
export async function getIfPresent(store: BlobStore, key: string): Promise<Uint8Array | null> {
  try {
    return await store.get(key);
  } catch (error) {
    if (isAppError(error) && error.kind === 'not_found') return null;
    throw error;
  }
}
