/**
 * `BlobStore` over an R2 bucket binding reached from Node (Miniflare's `getR2Bucket` proxy): lets
 * the real batch code (loaders, publisher) read and write the very bucket the local Worker
 * serves from, as it would through R2's S3 API in production.
 */
import { AppError } from '#shared/errors';
import type { BlobInfo, BlobStore, PutOptions } from '#shared/storage';

/** The part of the R2 binding this adapter uses. */
export interface R2Like {
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
  head(key: string): Promise<{ size: number } | null>;
  put(
    key: string,
    value: Uint8Array,
    options?: { httpMetadata?: { contentType?: string } },
  ): Promise<unknown>;
  delete(key: string): Promise<void>;
  list(options: { prefix?: string; cursor?: string }): Promise<{
    objects: { key: string; size: number }[];
    truncated: boolean;
    cursor?: string;
  }>;
}

export class R2BlobStore implements BlobStore {
  readonly uri: string;

  constructor(
    private readonly bucket: R2Like,
    name = 'BUCKET',
  ) {
    this.uri = `r2://${name}/`;
  }

  async get(key: string): Promise<Uint8Array> {
    const object = await this.bucket.get(key);
    if (object === null) throw new AppError('not_found', `no blob at ${key} in ${this.uri}`, { key });
    return new Uint8Array(await object.arrayBuffer());
  }

  async put(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<void> {
    await this.bucket.put(
      key,
      bytes,
      options.contentType === undefined ? {} : { httpMetadata: { contentType: options.contentType } },
    );
  }

  async head(key: string): Promise<BlobInfo> {
    const object = await this.bucket.head(key);
    if (object === null) throw new AppError('not_found', `no blob at ${key} in ${this.uri}`, { key });
    return { key, size: object.size };
  }

  async list(prefix = ''): Promise<BlobInfo[]> {
    const out: BlobInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bucket.list({ prefix, ...(cursor === undefined ? {} : { cursor }) });
      for (const o of page.objects) out.push({ key: o.key, size: o.size });
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor !== undefined);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    await this.bucket.delete(key);
  }
}

/**
 * Copies every blob under `prefix` from one store to another (what a batch job does when it
 * pulls the edge's events before training). Returns the number of blobs copied.
 */
export async function copyPrefix(from: BlobStore, to: BlobStore, prefix: string): Promise<number> {
  const blobs = await from.list(prefix);
  for (const { key } of blobs) await to.put(key, await from.get(key));
  return blobs.length;
}
