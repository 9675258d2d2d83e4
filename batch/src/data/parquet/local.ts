/**
 * Local paths DuckDB can open for Parquet blobs of any store. A `file://` store's blobs are read
 * where they lie. For other stores (s3://: R2, S3, MinIO) the objects are copied ("spooled") to the
 * engine's scratch directory first: DuckDB reads s3:// itself through its `httpfs` extension, but
 * extensions are downloaded at run time and this build cannot fetch them; on a node where httpfs
 * is installed, `read_parquet('s3://…')` over the same keys is the drop-in replacement (docs/scale.md).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BlobStore } from '#shared/storage';
import { FsStore } from '../../storage/fs-store.ts';

export interface LocalFiles {
  paths: string[];
  /** Bytes copied to local disk (0 for a file:// store). */
  spooledBytes: number;
}

/**
 * Paths of `keys` on local disk, spooling into `scratch` when the store is not a directory.
 *
 * @example
 * const { paths } = await localPaths(store, keys, duck.scratch);
 */
export async function localPaths(store: BlobStore, keys: string[], scratch: string): Promise<LocalFiles> {
  if (store instanceof FsStore)
    return { paths: keys.map((k) => join(store.root, ...k.split('/'))), spooledBytes: 0 };
  const paths: string[] = [];
  let spooledBytes = 0;
  for (const key of keys) {
    const path = join(scratch, 'spool', ...key.split('/'));
    const bytes = await store.get(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    spooledBytes += bytes.byteLength;
    paths.push(path);
  }
  return { paths, spooledBytes };
}
