/**
 * Parses `s3://bucket/prefix?…` URIs into `S3StoreOptions`, with environment fallbacks, so one
 * string in a job config or CLI flag names an S3-compatible store (AWS S3, R2, MinIO, s3rver).
 *
 * Query parameters (all optional):
 * | parameter            | fallback                                  | default                    |
 * |----------------------|-------------------------------------------|----------------------------|
 * | `endpoint`           | env `AWS_ENDPOINT_URL_S3`                 | AWS's endpoint for region  |
 * | `region`             | env `AWS_REGION`                          | `us-east-1` (R2: `auto`)   |
 * | `pathStyle`          | –                                         | `true` iff an endpoint is set |
 * | `accessKeyId`, `secretAccessKey` | env `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) | the SDK's default chain (profiles, IAM roles) |
 * | `multipartThreshold` | –                                         | 8 MiB: larger blobs go multipart |
 * | `partSize`           | –                                         | 8 MiB (S3 minimum: 5 MiB)  |
 *
 * Credentials in the URI are meant for local test servers with public dummy keys (s3rver's
 * `S3RVER`); real keys belong in the environment. They never appear in `S3Store.uri`.
 * Unknown parameters are rejected, so a typo (`pathstyle=`) cannot silently change behaviour.
 * Values are form-decoded (`+` is a space), so percent-encode them (`encodeURIComponent`).
 */
import { AppError } from '#shared/errors';
import { validateKey } from '#shared/storage';

export const MIB = 1024 * 1024;
/** S3's (and R2's) smallest allowed part of a multipart upload, except the last one. */
export const MIN_PART_SIZE = 5 * MIB;

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3StoreOptions {
  bucket: string;
  /** Folder inside the bucket that holds this store's keys, without leading/trailing `/`. */
  prefix?: string;
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  credentials?: S3Credentials;
  /** Blobs larger than this many bytes use a multipart upload. Default 8 MiB. */
  multipartThreshold?: number;
  /** Part size of multipart uploads in bytes, at least 5 MiB. Default 8 MiB. */
  partSize?: number;
  /** Attempts per request, first try included. Default 3: a dead server fails within a second. */
  maxAttempts?: number;
  /** Keys per ListObjectsV2 page (1..1000). Default 1000. */
  listPageSize?: number;
}

type Env = Record<string, string | undefined>;

const PARAMS = new Set([
  'endpoint',
  'region',
  'pathStyle',
  'accessKeyId',
  'secretAccessKey',
  'multipartThreshold',
  'partSize',
]);
// S3 bucket naming rules (R2's are a subset): 3–63 lowercase letters, digits, dots, hyphens.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function bad(uri: string, why: string, cause?: unknown): AppError {
  return new AppError('invalid_argument', `invalid S3 store URI ${JSON.stringify(redact(uri))}: ${why}`, {
    field: 'uri',
    cause,
  });
}

/** The URI with any `secretAccessKey` value masked, for error messages. */
export function redact(uri: string): string {
  return uri.replace(/(secretAccessKey=)[^&#]*/g, '$1***');
}

function positiveInt(uri: string, name: string, value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw bad(uri, `${name} must be a positive integer`);
  return Number(value);
}

/**
 * Reads bucket, prefix and options from an `s3://` URI, falling back to the environment.
 *
 * @example
 * parseS3Uri('s3://vitrine/models?endpoint=http://127.0.0.1:9000&region=auto');
 * // { bucket: 'vitrine', prefix: 'models', endpoint: 'http://127.0.0.1:9000', region: 'auto', forcePathStyle: true, … }
 */
export function parseS3Uri(uri: string, env: Env = process.env): S3StoreOptions {
  // Parsed by hand: WHATWG URL parsing would silently turn "a/../b" into "b", where a store URI
  // must be taken literally or rejected.
  const m = /^s3:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?$/.exec(uri);
  if (!m)
    throw bad(
      uri,
      uri.startsWith('s3://') ? 'fragments (#) are not supported' : 'expected s3://bucket/prefix',
    );
  const [, bucket = '', path = '', query = ''] = m;
  if (!BUCKET.test(bucket))
    throw bad(uri, `bucket name ${JSON.stringify(bucket)} is not a valid S3 bucket name`);
  const q = new URLSearchParams(query);
  for (const name of q.keys()) {
    if (!PARAMS.has(name)) throw bad(uri, `unknown parameter ${name} (known: ${[...PARAMS].join(', ')})`);
  }

  let prefix: string;
  try {
    prefix = decodeURIComponent(path).replace(/^\/+|\/+$/g, '');
  } catch (cause) {
    throw bad(uri, 'malformed percent-encoding in the prefix', cause);
  }
  if (prefix !== '' && !validateKey(prefix).ok)
    throw bad(uri, `prefix ${JSON.stringify(prefix)} is not a valid key path`);

  const endpoint = q.get('endpoint') ?? env.AWS_ENDPOINT_URL_S3 ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint))
    throw bad(uri, 'endpoint must be an http(s) URL');

  const pathStyle = q.get('pathStyle');
  if (pathStyle !== null && !['true', 'false', '1', '0'].includes(pathStyle)) {
    throw bad(uri, 'pathStyle must be true or false');
  }

  const keyId = q.get('accessKeyId');
  const secret = q.get('secretAccessKey');
  if ((keyId === null) !== (secret === null))
    throw bad(uri, 'give both accessKeyId and secretAccessKey, or neither');
  let credentials: S3Credentials | undefined;
  if (keyId !== null && secret !== null) {
    credentials = { accessKeyId: keyId, secretAccessKey: secret };
  } else if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
    if (env.AWS_SESSION_TOKEN) credentials.sessionToken = env.AWS_SESSION_TOKEN;
  }

  const partSize = positiveInt(uri, 'partSize', q.get('partSize'));
  if (partSize !== undefined && partSize < MIN_PART_SIZE)
    throw bad(uri, `partSize must be at least ${MIN_PART_SIZE}`);

  const options: S3StoreOptions = {
    bucket,
    prefix,
    region: q.get('region') ?? env.AWS_REGION ?? 'us-east-1',
    forcePathStyle: pathStyle === null ? endpoint !== undefined : pathStyle === 'true' || pathStyle === '1',
  };
  if (endpoint !== undefined) options.endpoint = endpoint;
  if (credentials) options.credentials = credentials;
  const threshold = positiveInt(uri, 'multipartThreshold', q.get('multipartThreshold'));
  if (threshold !== undefined) options.multipartThreshold = threshold;
  if (partSize !== undefined) options.partSize = partSize;
  return options;
}

/** The canonical URI of a store: bucket, prefix and connection options, never credentials. */
export function formatS3Uri(options: S3StoreOptions): string {
  const q = new URLSearchParams();
  if (options.endpoint) q.set('endpoint', options.endpoint);
  if (options.region) q.set('region', options.region);
  if (options.forcePathStyle !== undefined) q.set('pathStyle', String(options.forcePathStyle));
  const query = q.toString();
  return `s3://${options.bucket}/${options.prefix ?? ''}${query ? `?${query}` : ''}`;
}
