/**
 * `S3Store`: a `BlobStore` on any S3-compatible service (AWS S3, Cloudflare R2 through its S3
 * API, MinIO, s3rver in tests). The ONLY module that imports `@aws-sdk/*`.
 *
 * - Keys live under the URI's prefix: `s3://vitrine/models` + `a/b.bin` → object `models/a/b.bin`.
 * - `put` is atomic by S3's nature: an object appears whole when its PUT (or the completion of its
 *   multipart upload) succeeds. Blobs above `multipartThreshold` (8 MiB) go through lib-storage's
 *   `Upload`, which aborts a failed multipart upload so no parts linger and nothing is visible.
 * - Checksums: the SDK's newer default (CRC32 on every request) is turned down to "when required",
 *   because S3-compatible servers (s3rver, older MinIO) reject or ignore those headers. Blob
 *   integrity is checked end to end by sha256 in the manifests instead.
 * - Retries: `maxAttempts` 3 with the SDK's backoff, and a 5 s connect timeout, so a dead endpoint
 *   surfaces as `unavailable` within about a second instead of hanging a job.
 * See s3-uri.ts for the URI format and environment fallbacks, s3-errors.ts for error kinds.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '#shared/errors';
import {
  assertValidKey,
  assertValidPrefix,
  type BlobInfo,
  type BlobStore,
  compareKeys,
  type PutOptions,
} from '#shared/storage';
import { mapS3Error } from './s3-errors.ts';
import { formatS3Uri, MIB, MIN_PART_SIZE, parseS3Uri, type S3StoreOptions } from './s3-uri.ts';

export class S3Store implements BlobStore {
  readonly uri: string;
  /** The underlying client, exposed for diagnostics and tests (e.g. request-counting middleware). */
  readonly client: S3Client;
  readonly bucket: string;
  /** Bytes above which `put` uses a multipart upload. */
  readonly multipartThreshold: number;
  /** Part size of multipart uploads. */
  readonly partSize: number;
  private readonly keyPrefix: string;
  private readonly listPageSize: number;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.keyPrefix = options.prefix ? `${options.prefix}/` : '';
    this.multipartThreshold = options.multipartThreshold ?? 8 * MIB;
    this.partSize = options.partSize ?? 8 * MIB;
    this.listPageSize = options.listPageSize ?? 1000;
    if (this.partSize < MIN_PART_SIZE) {
      throw new AppError('invalid_argument', `partSize must be at least ${MIN_PART_SIZE} bytes`, {
        field: 'partSize',
      });
    }
    this.uri = formatS3Uri(options);
    this.client = new S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      forcePathStyle: options.forcePathStyle ?? false,
      maxAttempts: options.maxAttempts ?? 3,
      // socketTimeout: idle time, not total time, so slow but moving multi-MiB transfers survive.
      requestHandler: { connectionTimeout: 5_000, socketTimeout: 60_000 },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /**
   * Opens the store an `s3://` URI names.
   * @example
   * S3Store.fromUri('s3://vitrine/models?endpoint=http://127.0.0.1:9000&region=auto&pathStyle=true');
   */
  static fromUri(uri: string, env?: Record<string, string | undefined>): S3Store {
    return new S3Store(parseS3Uri(uri, env));
  }

  async get(key: string): Promise<Uint8Array> {
    const Key = this.objectKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
      // A connection cut mid-body must not pass for a shorter blob.
      if (out.ContentLength !== undefined && bytes.byteLength !== out.ContentLength) {
        throw new AppError(
          'unavailable',
          `get ${key} in ${this.uri}: received ${bytes.byteLength} of ${out.ContentLength} bytes`,
          { key },
        );
      }
      return bytes;
    } catch (error) {
      throw mapS3Error(error, 'get', key, this.uri);
    }
  }

  async put(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<void> {
    const params = {
      Bucket: this.bucket,
      Key: this.objectKey(key),
      Body: bytes,
      ...(options.contentType === undefined ? {} : { ContentType: options.contentType }),
    };
    try {
      if (bytes.byteLength > this.multipartThreshold) {
        // leavePartsOnError=false: on any failure Upload sends AbortMultipartUpload.
        const upload = new Upload({
          client: this.client,
          params,
          partSize: this.partSize,
          leavePartsOnError: false,
        });
        await upload.done();
      } else {
        await this.client.send(new PutObjectCommand({ ...params, ContentLength: bytes.byteLength }));
      }
    } catch (error) {
      throw mapS3Error(error, 'put', key, this.uri);
    }
  }

  async head(key: string): Promise<BlobInfo> {
    const Key = this.objectKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return { key, size: out.ContentLength ?? 0 };
    } catch (error) {
      throw mapS3Error(error, 'head', key, this.uri);
    }
  }

  async list(prefix = ''): Promise<BlobInfo[]> {
    const Prefix = this.keyPrefix + assertValidPrefix(prefix);
    const found: BlobInfo[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            ...(Prefix === '' ? {} : { Prefix }),
            ...(token === undefined ? {} : { ContinuationToken: token }),
            MaxKeys: this.listPageSize,
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key?.startsWith(this.keyPrefix)) {
            found.push({ key: object.Key.slice(this.keyPrefix.length), size: object.Size ?? 0 });
          }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    } catch (error) {
      throw mapS3Error(error, 'list', undefined, this.uri);
    }
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      const mapped = mapS3Error(error, 'delete', key, this.uri);
      // S3 answers 204 for a missing key; some compatible servers answer 404.
      if (mapped.kind !== 'not_found') throw mapped;
    }
  }

  /** Closes the client's pooled connections (the store is unusable afterwards). */
  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return this.keyPrefix + assertValidKey(key);
  }
}
