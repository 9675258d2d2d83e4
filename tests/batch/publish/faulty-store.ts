/**
 * A `BlobStore` wrapper that fails its n-th mutating or reading call with
 * `AppError('unavailable')` — a storage outage or a crash at exactly that step of a publish.
 * Calls are counted across get/put/head/list/delete; `failAt = 0` never fails (counting run).
 */
import { AppError } from '#shared/errors';
import type { BlobInfo, BlobStore, PutOptions } from '#shared/storage';

export class FaultyStore implements BlobStore {
  readonly uri: string;
  calls = 0;
  readonly log: string[] = [];

  constructor(
    private readonly inner: BlobStore,
    private readonly failAt: number,
    private readonly ops: ReadonlySet<string> = new Set(['get', 'put', 'head', 'list', 'delete']),
  ) {
    this.uri = inner.uri;
  }

  private step(op: string, key: string): void {
    if (!this.ops.has(op)) return;
    this.calls++;
    this.log.push(`${op} ${key}`);
    if (this.calls === this.failAt)
      throw new AppError('unavailable', `injected failure at call ${this.calls}: ${op} ${key}`, { key });
  }

  async get(key: string): Promise<Uint8Array> {
    this.step('get', key);
    return this.inner.get(key);
  }

  async put(key: string, bytes: Uint8Array, options?: PutOptions): Promise<void> {
    this.step('put', key);
    return this.inner.put(key, bytes, options);
  }

  async head(key: string): Promise<BlobInfo> {
    this.step('head', key);
    return this.inner.head(key);
  }

  async list(prefix?: string): Promise<BlobInfo[]> {
    this.step('list', prefix ?? '');
    return this.inner.list(prefix);
  }

  async delete(key: string): Promise<void> {
    this.step('delete', key);
    return this.inner.delete(key);
  }
}
