/**
 * `MemoryStore`: a `BlobStore` in a Map, for tests and for `mem://` URIs in local runs.
 *
 * Bytes are copied on the way in and on the way out, so a caller that reuses or mutates its
 * buffer can never change what is stored (the same guarantee a real store gives for free).
 * `put` replaces the entry in one synchronous step, so it is atomic like every other store.
 */
import { AppError } from '../errors/index.ts';
import { assertValidKey, assertValidPrefix, compareKeys } from './keys.ts';
import type { BlobInfo, BlobStore } from './store.ts';

export class MemoryStore implements BlobStore {
  readonly uri: string;
  private readonly blobs = new Map<string, Uint8Array>();

  /** @param name shows up in `uri` (`mem://name`); stores with the same name do NOT share data. */
  constructor(name = 'default') {
    this.uri = `mem://${name}`;
  }

  async get(key: string): Promise<Uint8Array> {
    return new Uint8Array(this.entry(key));
  }

  /** Content types are not kept: nothing reads them back from a memory store. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertValidKey(key);
    // `new Uint8Array(view)` copies; `slice()` would not for a Node Buffer (it aliases there).
    this.blobs.set(key, new Uint8Array(bytes));
  }

  async head(key: string): Promise<BlobInfo> {
    return { key, size: this.entry(key).byteLength };
  }

  async list(prefix = ''): Promise<BlobInfo[]> {
    assertValidPrefix(prefix);
    const found: BlobInfo[] = [];
    for (const [key, bytes] of this.blobs) {
      if (key.startsWith(prefix)) found.push({ key, size: bytes.byteLength });
    }
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    this.blobs.delete(key);
  }

  private entry(key: string): Uint8Array {
    assertValidKey(key);
    const entry = this.blobs.get(key);
    if (!entry) throw new AppError('not_found', `no blob at ${key} in ${this.uri}`, { key });
    return entry;
  }
}
