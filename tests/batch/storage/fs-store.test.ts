import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStore } from '../../../batch/src/storage/index.ts';
import { runBlobStoreContract, seededBytes } from '../../contracts/blob-store.ts';
import { rejection } from '../../support/rejection.ts';

const run = promisify(execFile);

runBlobStoreContract('FsStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vitrine-fs-'));
  return { store: new FsStore(join(dir, 'store')), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

/** Every file under `dir`, relative, including hidden temp files the store itself never lists. */
async function filesOnDisk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('FsStore failures', () => {
  let dir: string;
  let store: FsStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vitrine-fs-'));
    store = new FsStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('fails a put below an existing blob (parent is a file) and keeps that blob readable', async () => {
    await store.put('a', seededBytes(1, 100));
    const error = await rejection(store.put('a/b', seededBytes(2, 100)));
    expect(error.kind).toBe('invalid_argument');
    expect(Array.from(await store.get('a'))).toEqual(Array.from(seededBytes(1, 100)));
    expect(await filesOnDisk(dir)).toEqual(['a']);
  });

  it('fails a put over a directory of other keys, keeps them, and leaves no temp file', async () => {
    await store.put('d/x', seededBytes(1, 10));
    const error = await rejection(store.put('d', seededBytes(2, 10)));
    expect(error.kind).toBe('invalid_argument');
    expect(await store.list()).toEqual([{ key: 'd/x', size: 10 }]);
    expect(await filesOnDisk(dir)).toEqual(['d/x']);
  });

  it('keeps the old value when a write fails midway (file size limit), with unavailable', async () => {
    const old = seededBytes(7, 1000);
    await store.put('k/blob.bin', old);
    // A child process whose file-size limit (ulimit -f 64 → 64 KiB) cuts the 1 MiB write short:
    // a real partial write, not a simulated one.
    const fsStore = fileURLToPath(new URL('../../../batch/src/storage/fs-store.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const script = [
      `import { FsStore } from ${JSON.stringify(fsStore)};`,
      `new FsStore(${JSON.stringify(dir)}).put('k/blob.bin', new Uint8Array(1 << 20).fill(9)).then(`,
      `  () => console.log(JSON.stringify({ ok: true })),`,
      `  (e) => console.log(JSON.stringify({ kind: e.kind, message: e.message })));`,
    ].join('\n');
    const { stdout } = await run('bash', ['-c', 'ulimit -c 0; ulimit -f 64; exec "$0" -e "$1"', tsx, script]);
    const outcome = JSON.parse(stdout.trim()) as { kind?: string; message?: string };
    expect(outcome.kind).toBe('unavailable');
    expect(outcome.message).toContain('EFBIG');
    expect(Array.from(await store.get('k/blob.bin'))).toEqual(Array.from(old));
    expect(await filesOnDisk(dir)).toEqual(['k/blob.bin']);
  });

  it('does not list temp files and refuses keys that use their reserved name', async () => {
    await store.put('v/real.bin', seededBytes(1, 5));
    // An orphan like the one a crash between write and rename would leave.
    await writeFile(join(dir, 'v', '.vitrine-tmp-0123456789abcdef'), 'partial');
    expect(await store.list()).toEqual([{ key: 'v/real.bin', size: 5 }]);
    expect((await rejection(store.put('v/.vitrine-tmp-x', new Uint8Array(1)))).kind).toBe('invalid_argument');
  });

  it('reports a root that is a file as unavailable instead of an empty store', async () => {
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    const broken = new FsStore(file);
    expect((await rejection(broken.list())).kind).toBe('unavailable');
    expect((await rejection(broken.get('k'))).kind).toBe('unavailable');
    expect((await rejection(broken.head('k'))).kind).toBe('unavailable');
    expect((await rejection(broken.put('k', new Uint8Array(1)))).kind).toBe('unavailable');
  });

  it('prunes directories emptied by delete, so the key can later become a blob itself', async () => {
    await store.put('p/q/r.bin', seededBytes(1, 3));
    await store.delete('p/q/r.bin');
    expect(await readdir(dir)).toEqual([]);
    await store.put('p', seededBytes(2, 3));
    expect(await store.list()).toEqual([{ key: 'p', size: 3 }]);
  });

  it('lands many concurrent puts into one new directory, each with its own bytes (shared directory fsyncs)', async () => {
    const keys = Array.from({ length: 64 }, (_, i) => `blobs/b${i}`);
    await Promise.all(keys.map((k, i) => store.put(k, seededBytes(i, 100 + i))));
    for (const [i, k] of keys.entries()) expect(await store.get(k)).toEqual(seededBytes(i, 100 + i));
    expect(await filesOnDisk(dir)).toEqual(keys.slice().sort());
    // Later puts start fresh directory syncs, and recreate a directory a delete pruned away.
    for (const k of keys) await store.delete(k);
    await Promise.all([
      store.put('blobs/again', seededBytes(7, 5)),
      store.put('blobs/more', seededBytes(8, 5)),
    ]);
    expect((await store.list('blobs/')).map((b) => b.key)).toEqual(['blobs/again', 'blobs/more']);
  });
});
