/**
 * The `BlobStore` contract: one suite every implementation runs (memory, file, S3 against a real
 * s3rver, R2 inside workerd), so they cannot drift apart. Imports only vitest and shared/, because
 * it also runs in workerd.
 *
 * `makeStore` is called before every test and must return an EMPTY store (a fresh directory,
 * bucket prefix or memory store); `cleanup` runs after the test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, type ErrorKind } from '#shared/errors';
import { createRng } from '#shared/random';
import type { BlobStore } from '#shared/storage';

export interface ContractStore {
  store: BlobStore;
  cleanup?: () => Promise<void>;
}

export interface ContractOptions {
  /**
   * Size of each value in the concurrent-put case. Default 2 MiB: several write() calls each, so
   * a store that writes in place can show a mix (a probabilistic check; the file store's
   * atomicity is also tested deterministically in fs-store.test.ts). Only for test servers that are themselves not
   * atomic (s3rver writes objects in place); never lower it for a store we implement.
   */
  concurrentPutBytes?: number;
}

const MIB = 1024 * 1024;

/** `n` deterministic pseudo-random bytes. */
export function seededBytes(seed: number, n: number): Uint8Array {
  const rng = createRng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const v = rng.nextU32();
    out[i] = v & 0xff;
    if (i + 1 < n) out[i + 1] = (v >>> 8) & 0xff;
    if (i + 2 < n) out[i + 2] = (v >>> 16) & 0xff;
    if (i + 3 < n) out[i + 3] = v >>> 24;
  }
  return out;
}

/** Index of the first differing byte, or -1 when equal (cheap on MiB-sized blobs, unlike toEqual). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.byteLength === b.byteLength ? -1 : n;
}

function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual).toBeInstanceOf(Uint8Array);
  expect({ length: actual.byteLength, firstDifference: firstDifference(actual, expected) }).toEqual({
    length: expected.byteLength,
    firstDifference: -1,
  });
}

async function expectAppError(promise: Promise<unknown>, kind: ErrorKind): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a rejection with AppError('${kind}')`).toBeInstanceOf(AppError);
  expect((error as AppError).kind).toBe(kind);
  return error as AppError;
}

const INVALID_KEYS = [
  '',
  '/abs',
  'trailing/',
  'a//b',
  './a',
  'a/./b',
  'a/../b',
  '..',
  'a\\b',
  'nul\u0000byte',
  'x'.repeat(1025),
];

/** Registers the contract tests for one implementation. */
export function runBlobStoreContract(
  name: string,
  makeStore: () => Promise<ContractStore>,
  options: ContractOptions = {},
): void {
  const raceBytes = options.concurrentPutBytes ?? 2 * MIB;
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup?.();
    });

    it('round-trips binary bytes, every byte value included', async () => {
      const bytes = new Uint8Array(512).map((_, i) => (i * 7) & 0xff);
      await store.put('bin/all-bytes.bin', bytes, { contentType: 'application/octet-stream' });
      expectBytes(await store.get('bin/all-bytes.bin'), bytes);
    });

    it('round-trips an empty blob', async () => {
      await store.put('empty', new Uint8Array(0));
      expectBytes(await store.get('empty'), new Uint8Array(0));
      expect(await store.head('empty')).toEqual({ key: 'empty', size: 0 });
    });

    it('round-trips keys with spaces and non-ASCII characters', async () => {
      const key = 'dir with space/ünïcødé ✓ +&=%.bin';
      await store.put(key, seededBytes(3, 100));
      expectBytes(await store.get(key), seededBytes(3, 100));
      expect(await store.list('dir with space/')).toEqual([{ key, size: 100 }]);
    });

    it('fails get of a missing key with not_found naming the key', async () => {
      const error = await expectAppError(store.get('missing/blob.bin'), 'not_found');
      expect(error.key).toBe('missing/blob.bin');
    });

    it('reports the size in head, and not_found for a missing key', async () => {
      await store.put('sized.bin', seededBytes(1, 1234));
      expect(await store.head('sized.bin')).toEqual({ key: 'sized.bin', size: 1234 });
      await expectAppError(store.head('nope.bin'), 'not_found');
    });

    it('replaces the whole value on overwrite, also with a shorter one', async () => {
      await store.put('over.bin', seededBytes(1, 4096));
      await store.put('over.bin', seededBytes(2, 10));
      expectBytes(await store.get('over.bin'), seededBytes(2, 10));
      expect(await store.head('over.bin')).toEqual({ key: 'over.bin', size: 10 });
    });

    it('deletes a blob so get is not_found, and deleting a missing key succeeds', async () => {
      await store.put('gone/soon.bin', seededBytes(1, 10));
      await store.put('gone/stays.bin', seededBytes(2, 20));
      await store.delete('gone/soon.bin');
      await expectAppError(store.get('gone/soon.bin'), 'not_found');
      await store.delete('gone/soon.bin');
      await store.delete('never/was.bin');
      expect(await store.list()).toEqual([{ key: 'gone/stays.bin', size: 20 }]);
    });

    it('lists keys under a prefix sorted by key, with sizes, at any depth', async () => {
      // Written out of order; 'x-y' < 'x/y' because '-' (0x2d) sorts before '/' (0x2f), which a
      // directory-by-directory walk would get wrong.
      const keys = ['x/y', 'a/e.bin', 'a/b/d.bin', 'ab.bin', 'a/bz.bin', 'x-y', 'a/b/c.bin', 'z.bin'];
      for (const [i, key] of keys.entries()) await store.put(key, seededBytes(i, i + 1));
      const size = (key: string) => keys.indexOf(key) + 1;
      const listed = async (prefix?: string) => (await store.list(prefix)).map((b) => b.key);

      expect(await store.list()).toEqual([...keys].sort().map((key) => ({ key, size: size(key) })));
      expect(await listed('a/')).toEqual(['a/b/c.bin', 'a/b/d.bin', 'a/bz.bin', 'a/e.bin']);
      expect(await listed('a/b/')).toEqual(['a/b/c.bin', 'a/b/d.bin']);
      // Prefixes are plain string prefixes, not directory boundaries.
      expect(await listed('a/b')).toEqual(['a/b/c.bin', 'a/b/d.bin', 'a/bz.bin']);
      expect(await listed('a')).toEqual(['a/b/c.bin', 'a/b/d.bin', 'a/bz.bin', 'a/e.bin', 'ab.bin']);
      expect(await listed('x')).toEqual(['x-y', 'x/y']);
      expect(await listed('a/b/c.bin')).toEqual(['a/b/c.bin']);
      expect(await listed('nothing/')).toEqual([]);
      expect(await listed('a/q')).toEqual([]);
    });

    it('rejects invalid keys and prefixes with invalid_argument on every operation', async () => {
      for (const key of INVALID_KEYS) {
        const error = await expectAppError(store.put(key, new Uint8Array(1)), 'invalid_argument');
        expect(error.field).toBe('key');
        await expectAppError(store.get(key), 'invalid_argument');
        await expectAppError(store.head(key), 'invalid_argument');
        await expectAppError(store.delete(key), 'invalid_argument');
      }
      for (const prefix of ['/a', 'a//', '../', 'a\\'])
        await expectAppError(store.list(prefix), 'invalid_argument');
      expect(await store.list()).toEqual([]);
    });

    it('keeps stored bytes independent of the caller’s buffers', async () => {
      const input = seededBytes(5, 64);
      await store.put('own.bin', input);
      input.fill(0);
      const first = await store.get('own.bin');
      first.fill(1);
      expectBytes(await store.get('own.bin'), seededBytes(5, 64));
    });

    it('round-trips a 9 MiB blob (multipart where the store has it)', async () => {
      const big = seededBytes(9, 9 * MIB);
      await store.put('big/nine.bin', big);
      expect(await store.head('big/nine.bin')).toEqual({ key: 'big/nine.bin', size: 9 * MIB });
      expectBytes(await store.get('big/nine.bin'), big);
    });

    it('ends concurrent puts of one key with one of the written values, whole', async () => {
      const values = [1, 2, 3, 4].map((seed) => seededBytes(100 + seed, raceBytes));
      await Promise.all(values.map((v) => store.put('race.bin', v)));
      const got = await store.get('race.bin');
      const matches = values.filter((v) => firstDifference(got, v) === -1);
      expect(matches).toHaveLength(1);
      // No temp or partial objects are visible next to the key.
      expect(await store.list()).toEqual([{ key: 'race.bin', size: raceBytes }]);
    });
  });
}
