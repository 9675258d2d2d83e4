import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import { MemoryStore } from '#shared/storage';
import { FsStore, locationUri, openStore, parseS3Uri, S3Store } from '../../../batch/src/storage/index.ts';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

describe('openStore', () => {
  it('returns the same memory store for the same mem:// name, and separate ones otherwise', async () => {
    const a = openStore('mem://open-test-a');
    expect(a).toBeInstanceOf(MemoryStore);
    await a.put('k', new Uint8Array([1, 2, 3]));
    expect(Array.from(await openStore('mem://open-test-a').get('k'))).toEqual([1, 2, 3]);
    expect(await openStore('mem://open-test-b').list()).toEqual([]);
    expect(a.uri).toBe('mem://open-test-a');
  });

  it('resolves a relative file:// URI against the working directory', () => {
    const store = openStore('file://.vitrine/open-test');
    expect(store).toBeInstanceOf(FsStore);
    expect((store as FsStore).root).toBe(resolve('.vitrine/open-test'));
    expect(store.uri).toBe(pathToFileURL(resolve('.vitrine/open-test')).href);
  });

  it('opens an absolute file:/// URI as a working file store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-open-'));
    try {
      const store = openStore(pathToFileURL(join(dir, 'with space')).href);
      await store.put('x/y.bin', new Uint8Array([9]));
      expect(await openStore(store.uri).list()).toEqual([{ key: 'x/y.bin', size: 1 }]);
      expect((store as FsStore).root).toBe(join(dir, 'with space'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens s3:// URIs as S3 stores with bucket, prefix and options from the query', () => {
    const store = openStore(
      's3://vitrine/models/v1?endpoint=http://127.0.0.1:9000&region=auto&pathStyle=true',
    );
    expect(store).toBeInstanceOf(S3Store);
    expect((store as S3Store).bucket).toBe('vitrine');
    expect(store.uri).toBe(
      's3://vitrine/models/v1?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=auto&pathStyle=true',
    );
    (store as S3Store).close();
  });

  it.each([
    ['an unknown scheme', 'gs://bucket/x'],
    ['an empty file path', 'file://'],
    ['a bad memory store name', 'mem://a/b'],
    ['an invalid bucket name', 's3://Not_A_Bucket/x'],
    ['an unknown S3 parameter', 's3://vitrine/x?pathstyle=true'],
    ['a non-http endpoint', 's3://vitrine/x?endpoint=ftp://host'],
    ['a prefix with ..', 's3://vitrine/a/../b'],
    ['half the credentials', 's3://vitrine/x?accessKeyId=abc'],
    ['a part size below 5 MiB', 's3://vitrine/x?partSize=1024'],
  ])('rejects %s with invalid_argument naming the URI', (_, uri) => {
    const error = thrown(() => openStore(uri));
    expect(error.kind).toBe('invalid_argument');
    expect(error.field).toBe('uri');
    expect(error.message).toContain(JSON.stringify(uri).slice(1, 12));
  });

  it('keeps a secret key out of error messages', () => {
    const error = thrown(() => openStore('s3://vitrine/x?accessKeyId=id&secretAccessKey=hunter2&bogus=1'));
    expect(error.message).not.toContain('hunter2');
  });
});

describe('parseS3Uri environment fallbacks', () => {
  const env = {
    AWS_ENDPOINT_URL_S3: 'https://acct.r2.cloudflarestorage.com',
    AWS_REGION: 'auto',
    AWS_ACCESS_KEY_ID: 'env-id',
    AWS_SECRET_ACCESS_KEY: 'env-secret',
  };

  it('takes endpoint, region and credentials from the environment when the URI has none', () => {
    expect(parseS3Uri('s3://vitrine/models', env)).toEqual({
      bucket: 'vitrine',
      prefix: 'models',
      endpoint: 'https://acct.r2.cloudflarestorage.com',
      region: 'auto',
      forcePathStyle: true,
      credentials: { accessKeyId: 'env-id', secretAccessKey: 'env-secret' },
    });
  });

  it('lets the URI override the environment', () => {
    const options = parseS3Uri(
      's3://vitrine/?endpoint=http://127.0.0.1:9000&region=eu-west-1&pathStyle=false&accessKeyId=a&secretAccessKey=b&multipartThreshold=100',
      env,
    );
    expect(options).toMatchObject({
      prefix: '',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      forcePathStyle: false,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      multipartThreshold: 100,
    });
  });

  it('defaults to AWS (us-east-1, virtual-hosted style, SDK credential chain) with an empty environment', () => {
    expect(parseS3Uri('s3://vitrine', {})).toEqual({
      bucket: 'vitrine',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    });
  });
});

describe('plain paths', () => {
  it('opens a relative or absolute path without a scheme as a file store', () => {
    const relative = openStore('.vitrine/open-plain');
    expect(relative).toBeInstanceOf(FsStore);
    expect((relative as FsStore).root).toBe(resolve('.vitrine/open-plain'));
    expect((openStore('/tmp/vitrine-open-plain') as FsStore).root).toBe('/tmp/vitrine-open-plain');
  });

  it('turns paths into file URIs and leaves URIs alone', () => {
    expect(locationUri('./orders.csv')).toBe(`file://${resolve('orders.csv')}`);
    expect(locationUri('.vitrine/shop/catalogue/')).toBe(`file://${resolve('.vitrine/shop/catalogue')}/`);
    expect(locationUri('/abs/path')).toBe('file:///abs/path');
    expect(locationUri('s3://b/p?endpoint=http://x')).toBe('s3://b/p?endpoint=http://x');
    expect(locationUri('mem://x')).toBe('mem://x');
  });
});
