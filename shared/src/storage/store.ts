/**
 * `BlobStore`: the one interface to object storage (R2, S3, local files, memory).
 *
 * Semantics every implementation guarantees (checked by tests/contracts/blob-store.ts):
 * - `put` is atomic: readers see the old bytes or the new bytes, never a partial write.
 * - `get`/`head` of a missing key fail with `AppError('not_found')`; transport failures with
 *   `AppError('unavailable')`.
 * - keys are `/`-separated, relative, without `..` segments; `list(prefix)` returns every key
 *   that starts with `prefix`, sorted.
 */

export interface BlobInfo {
  key: string;
  size: number;
}

export interface PutOptions {
  contentType?: string;
}

export interface BlobStore {
  /** A URI naming this store, e.g. `file:///var/vitrine` or `s3://bucket/prefix`. */
  readonly uri: string;
  get(key: string): Promise<Uint8Array>;
  put(key: string, bytes: Uint8Array, options?: PutOptions): Promise<void>;
  head(key: string): Promise<BlobInfo>;
  /** Every key under `prefix`, sorted by key. */
  list(prefix?: string): Promise<BlobInfo[]>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}
