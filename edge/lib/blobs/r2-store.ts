/**
 * `R2Store`: the `BlobStore` of the edge, over a Workers R2 binding (`env.BUCKET`).
 *
 * Same semantics as the batch stores, so the edge reads exactly what the batch publisher wrote:
 * keys are validated by the shared rules and live under an optional prefix; a missing object is
 * `not_found`; anything the binding throws (network, R2 outage, limits) is `unavailable` with the
 * original error as `cause`. R2's `put` is atomic: the object appears whole or not at all.
 */
import { AppError } from '#shared/errors';
import {
  assertValidKey,
  assertValidPrefix,
  type BlobInfo,
  type BlobStore,
  compareKeys,
  type PutOptions,
  validateKey,
} from '#shared/storage';

export interface R2StoreOptions {
  /** Name shown in `uri` and errors (the binding or bucket name). Default `BUCKET`. */
  name?: string;
  /** Folder inside the bucket holding this store's keys, without leading/trailing `/`. */
  prefix?: string;
  /** Keys per `list` page (1..1000, R2's maximum and default 1000). */
  listPageSize?: number;
}

export class R2Store implements BlobStore {
  readonly uri: string;
  private readonly keyPrefix: string;
  private readonly listPageSize: number;

  /**
   * @example
   * const store = new R2Store(env.BUCKET, { name: 'vitrine' });
   * const manifest = await store.get('manifests/current.json');
   */
  constructor(
    private readonly bucket: R2Bucket,
    options: R2StoreOptions = {},
  ) {
    const prefix = options.prefix ?? '';
    if (prefix !== '' && !validateKey(prefix).ok) {
      throw new AppError('invalid_argument', `invalid R2 store prefix ${JSON.stringify(prefix)}`, {
        field: 'prefix',
      });
    }
    this.keyPrefix = prefix === '' ? '' : `${prefix}/`;
    this.listPageSize = options.listPageSize ?? 1000;
    this.uri = `r2://${options.name ?? 'BUCKET'}/${prefix}`;
  }

  async get(key: string): Promise<Uint8Array> {
    const objectKey = this.objectKey(key);
    const object = await this.call('get', key, () => this.bucket.get(objectKey));
    if (object === null) throw this.notFound(key);
    return new Uint8Array(await this.call('get', key, () => object.arrayBuffer()));
  }

  async put(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<void> {
    const objectKey = this.objectKey(key);
    const put =
      options.contentType === undefined ? {} : { httpMetadata: { contentType: options.contentType } };
    await this.call('put', key, () => this.bucket.put(objectKey, bytes, put));
  }

  async head(key: string): Promise<BlobInfo> {
    const objectKey = this.objectKey(key);
    const object = await this.call('head', key, () => this.bucket.head(objectKey));
    if (object === null) throw this.notFound(key);
    return { key, size: object.size };
  }

  async list(prefix = ''): Promise<BlobInfo[]> {
    const full = this.keyPrefix + assertValidPrefix(prefix);
    const found: BlobInfo[] = [];
    let cursor: string | undefined;
    do {
      const options: R2ListOptions = { limit: this.listPageSize, ...(full === '' ? {} : { prefix: full }) };
      if (cursor !== undefined) options.cursor = cursor;
      const page = await this.call('list', undefined, () => this.bucket.list(options));
      for (const object of page.objects) {
        found.push({ key: object.key.slice(this.keyPrefix.length), size: object.size });
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor !== undefined);
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    // R2 treats deleting a missing key as success, which is the BlobStore contract too.
    await this.call('delete', key, () => this.bucket.delete(objectKey));
  }

  private objectKey(key: string): string {
    return this.keyPrefix + assertValidKey(key);
  }

  private notFound(key: string): AppError {
    return new AppError('not_found', `no blob at ${key} in ${this.uri}`, { key });
  }

  /** Runs one binding call, turning whatever it throws into `unavailable`. */
  private async call<T>(op: string, key: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      const what = key === undefined ? op : `${op} ${key}`;
      throw new AppError('unavailable', `${what} in ${this.uri} failed: ${why}`, { key, cause });
    }
  }
}
