export {
  assertValidKey,
  assertValidPrefix,
  compareKeys,
  MAX_KEY_BYTES,
  utf8Length,
  validateKey,
  validatePrefix,
} from './keys.ts';
export { MemoryStore } from './memory.ts';
export { getIfPresent } from './optional.ts';
export type { BlobInfo, BlobStore, PutOptions } from './store.ts';
