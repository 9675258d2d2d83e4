/**
 * `openStore(uri)`: the one factory that turns a store URI from config or the CLI into a
 * `BlobStore`, so nothing else in batch/ knows which implementations exist.
 *
 * | scheme    | store        | example                                                    |
 * |-----------|--------------|------------------------------------------------------------|
 * | `mem://`  | MemoryStore  | `mem://test` (same name → same instance in this process)    |
 * | `file://` | FsStore      | `file://.vitrine/store` (relative to cwd), `file:///var/vitrine` |
 * | `s3://`   | S3Store      | `s3://vitrine/models?endpoint=http://127.0.0.1:9000&region=auto` |
 * | none      | FsStore      | a plain path: `.vitrine/store`, `/var/vitrine` (see `locationUri`) |
 */
import { AppError } from '#shared/errors';
import { type BlobStore, MemoryStore } from '#shared/storage';
import { FsStore } from './fs-store.ts';
import { locationUri } from './fs-uri.ts';
import { S3Store } from './s3-store.ts';

// Named memory stores live as long as the process, like files on disk would: a job that writes
// to `mem://x` and a reader that opens `mem://x` later see the same blobs.
const memoryStores = new Map<string, MemoryStore>();

/**
 * Opens the store a URI names.
 *
 * @throws AppError('invalid_argument') for an unknown scheme or a malformed URI.
 * @example
 * const store = openStore('file://.vitrine/store');
 * await store.put('manifests/current.json', bytes);
 */
export function openStore(location: string): BlobStore {
  const uri = locationUri(location);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'mem':
      return memoryStore(uri);
    case 'file':
      return FsStore.fromUri(uri);
    case 's3':
      return S3Store.fromUri(uri);
    default:
      throw new AppError(
        'invalid_argument',
        `unsupported store URI ${JSON.stringify(uri)}: expected a path, mem://name, file://path or s3://bucket/prefix`,
        { field: 'uri' },
      );
  }
}

function memoryStore(uri: string): MemoryStore {
  const name = uri.slice('mem://'.length);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new AppError(
      'invalid_argument',
      `invalid memory store URI ${JSON.stringify(uri)}: name must be [A-Za-z0-9._-]+`,
      {
        field: 'uri',
      },
    );
  }
  let store = memoryStores.get(name);
  if (!store) {
    store = new MemoryStore(name);
    memoryStores.set(name, store);
  }
  return store;
}
