/**
 * Where blob bytes come from when no cache has them: the R2 binding (`R2Store`) or an HTTP
 * origin. Every reader of the bucket (manifest loader, shard cache, creative blobs) takes this
 * one-method interface, so none of them cares which.
 */

/** The read side of a `BlobStore`; rejects with `not_found` or `unavailable`. */
export interface BlobOrigin {
  /** Names the origin in logs and errors. */
  readonly uri: string;
  get(key: string): Promise<Uint8Array>;
}
