/**
 * Where blob bytes come from when no cache has them: the R2 binding (`R2Store`) or an HTTP
 * origin (a CDN in front of the bucket, or an S3-compatible public endpoint). Both are read
 * through this one-method interface so the cache layers above do not care which.
 */
import { AppError } from '#shared/errors';
import { type BlobOrigin, R2Store } from '../../lib/index.ts';

/**
 * Reads `<baseUrl><key>` over HTTP(S). 404 → `not_found`; other statuses, network errors and
 * timeouts → `unavailable` (a CDN blip must degrade, not crash).
 *
 * @example
 * const origin = new HttpOrigin('https://cdn.example.com/vitrine/');
 */
export class HttpOrigin implements BlobOrigin {
  readonly uri: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.uri = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  }

  async get(key: string): Promise<Uint8Array> {
    const url = this.uri + key;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (cause) {
      throw new AppError('unavailable', `GET ${url} failed: ${String(cause)}`, { key, cause });
    }
    if (res.status === 404) {
      await res.body?.cancel();
      throw new AppError('not_found', `no blob at ${url}`, { key });
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new AppError('unavailable', `GET ${url} answered ${res.status}`, { key });
    }
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (cause) {
      throw new AppError('unavailable', `reading ${url} failed: ${String(cause)}`, { key, cause });
    }
  }
}

/**
 * The origin named by the `BLOB_ORIGIN` var: `"r2"` → the bucket binding, else an HTTP base URL.
 *
 * `timeoutMs` bounds each HTTP fetch (the connection is aborted, freeing its slot).
 *
 * @example
 * const origin = openOrigin(config.BLOB_ORIGIN, env.BUCKET, config.SHARD_LOAD_TIMEOUT_MS);
 */
export function openOrigin(blobOrigin: string, bucket: R2Bucket, timeoutMs?: number): BlobOrigin {
  return blobOrigin === 'r2' ? new R2Store(bucket) : new HttpOrigin(blobOrigin, timeoutMs);
}
