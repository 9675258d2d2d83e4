import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openStore, parseS3Uri, S3Store } from '../../../batch/src/storage/index.ts';
import { runBlobStoreContract, seededBytes } from '../../contracts/blob-store.ts';
import { rejection } from '../../support/rejection.ts';
import { useS3rver } from '../../support/s3rver.ts';

const MIB = 1024 * 1024;
// Typed through S3Store so that batch/src/storage/s3-store.ts stays the only @aws-sdk importer.
type S3Client = S3Store['client'];
const s3 = useS3rver();
let n = 0;

/** A store under a fresh prefix, so every test starts empty on the shared server. */
function freshStore(): S3Store {
  n += 1;
  return S3Store.fromUri(s3.uri(`contract/${n}`), {});
}

// s3rver writes objects in place, so its own PUTs of one key can interleave once a body spans
// several socket reads; real S3 and R2 PUTs are atomic. Racing 1 KiB values (one write each)
// still checks that S3Store adds no non-atomic step of its own.
runBlobStoreContract(
  'S3Store (s3rver on 127.0.0.1)',
  async () => {
    const store = freshStore();
    return { store, cleanup: async () => store.close() };
  },
  { concurrentPutBytes: 1024 },
);

/** Records the name of every command the client sends, and can fail chosen ones. */
function recordCommands(
  client: S3Client,
  failWhen?: (name: string, input: Record<string, unknown>) => boolean,
) {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      sent.push(name);
      if (failWhen?.(name, args.input as Record<string, unknown>))
        throw new Error(`injected failure of ${name}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return sent;
}

describe('S3Store', () => {
  it('uploads a blob above the 8 MiB threshold in 8 MiB parts, and a smaller one in one PUT', async () => {
    const store = freshStore();
    expect(store.multipartThreshold).toBe(8 * MIB);
    const sent = recordCommands(store.client);
    await store.put('big.bin', seededBytes(1, 9 * MIB));
    expect(sent.filter((c) => c === 'UploadPartCommand')).toHaveLength(2); // 8 MiB + 1 MiB
    expect(sent).toContain('CreateMultipartUploadCommand');
    expect(sent).toContain('CompleteMultipartUploadCommand');
    expect(sent).not.toContain('PutObjectCommand');

    sent.length = 0;
    await store.put('small.bin', seededBytes(2, 8 * MIB));
    expect(sent).toEqual(['PutObjectCommand']);
    expect(await store.list()).toEqual([
      { key: 'big.bin', size: 9 * MIB },
      { key: 'small.bin', size: 8 * MIB },
    ]);
    store.close();
  });

  it('aborts a failed multipart upload: put is unavailable and nothing is visible at the key', async () => {
    const store = freshStore();
    const sent = recordCommands(
      store.client,
      (name, input) => name === 'UploadPartCommand' && input.PartNumber === 2,
    );
    const error = await rejection(store.put('half.bin', seededBytes(3, 11 * MIB)));
    expect(error.kind).toBe('unavailable');
    expect(sent).toContain('AbortMultipartUploadCommand');
    expect(sent).not.toContain('CompleteMultipartUploadCommand');
    expect((await rejection(store.get('half.bin'))).kind).toBe('not_found');
    expect(await store.list()).toEqual([]);
    store.close();
  });

  it('keeps keys under the URI prefix and strips it when listing, across list pages', async () => {
    const store = new S3Store({ ...parseS3Uri(s3.uri('paged'), {}), listPageSize: 2 });
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
    for (const key of keys) await store.put(key, seededBytes(1, 1));
    const sent = recordCommands(store.client);
    expect((await store.list()).map((b) => b.key)).toEqual(keys);
    expect(sent.filter((c) => c === 'ListObjectsV2Command')).toHaveLength(3);
    // Seen from the bucket root, the same blobs sit under "paged/".
    const root = S3Store.fromUri(s3.uri(), {});
    expect((await root.list('paged/')).map((b) => b.key)).toEqual(keys.map((k) => `paged/${k}`));
    store.close();
    root.close();
  });

  it('names the store by bucket, prefix and endpoint, never by credentials', () => {
    const store = openStore(s3.uri('models/v1'));
    expect(store.uri).toContain('s3://vitrine/models/v1?');
    expect(store.uri).toContain(encodeURIComponent(s3.endpoint));
    expect(store.uri).not.toContain('S3RVER');
  });

  it('fails with unavailable, keeping the cause, when no server listens at the endpoint', async () => {
    // A port a server just stopped listening on: connections are refused, as for a stopped s3rver.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const store = S3Store.fromUri(s3.uri('x').replace(s3.endpoint, `http://127.0.0.1:${port}`), {});
    const calls = [() => store.get('a'), () => store.put('a', new Uint8Array(1)), () => store.list()];
    for (const call of calls) {
      const error = await rejection(call());
      expect(error.kind).toBe('unavailable');
      expect((error.cause as { code?: unknown }).code).toBe('ECONNREFUSED');
    }
    store.close();
  });

  it('reports unknown credentials as permission_denied and a missing bucket as unavailable', async () => {
    // s3rver checks the access key id (it does not verify SigV4 signatures themselves).
    const wrongKey = S3Store.fromUri(s3.uri().replace('accessKeyId=S3RVER', 'accessKeyId=NOBODY'), {});
    expect((await rejection(wrongKey.get('a'))).kind).toBe('permission_denied');
    const noBucket = S3Store.fromUri(s3.uri().replace('s3://vitrine/', 's3://no-such-bucket/'), {});
    expect((await rejection(noBucket.get('a'))).kind).toBe('unavailable');
    wrongKey.close();
    noBucket.close();
  });
});
