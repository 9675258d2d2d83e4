/** Helpers shared by the publish tests: store copies and "is this store consistent" checks. */
import { expect } from 'vitest';
import { type BlobStore, MemoryStore } from '#shared/storage';
import { main } from '../../../batch/src/cli/main.ts';
import { COMMANDS } from '../../../batch/src/cli/registry.ts';
import { createLogger } from '../../../batch/src/observe/index.ts';
import { publish } from '../../../batch/src/publish/publish.ts';
import { readCurrent, verifyManifestBlobs } from '../../../batch/src/publish/read.ts';
import { listVersions } from '../../../batch/src/publish/versions.ts';
import { manifestBody } from '../../support/publish-fixture.ts';

/** A small, single-threaded pipeline run without the GAN: what the CLI tests train with. */
export const QUICK_RUN_FLAGS = [
  '--factors',
  '8',
  '--iterations',
  '3',
  '--threads',
  '1',
  '--compute',
  'js',
  '--gan',
  'skip',
];

/** Flags of a model far worse than a normal run's and than popularity: one sweep, heavy regularisation. */
export const AWFUL_MODEL_FLAGS = ['--factors', '2', '--iterations', '1', '--regularization', '50'];

/** Runs one `vitrine` invocation in-process: exit code, stdout, and the log lines at `level`. */
export async function runCli(argv: string[], level: 'warn' | 'error' = 'error') {
  let out = '';
  const lines: string[] = [];
  const code = await main(argv, COMMANDS, {
    stdout: (t) => {
      out += t;
    },
    logger: createLogger({ write: (line) => void lines.push(line), level }),
  });
  return { code, out, log: lines.join('') };
}

/** A memory store with versions v1, v2, v3 published one second apart (v3 live). */
export async function threeVersions(name: string): Promise<MemoryStore> {
  const store = new MemoryStore(name);
  const now = ticking();
  for (let v = 1; v <= 3; v++)
    await publish(store, (put) => manifestBody(put, { variant: v }), { version: `v${v}`, now });
  return store;
}

/** A deep copy of every blob of `from`, in a new memory store. */
export async function copyStore(from: BlobStore, name: string): Promise<MemoryStore> {
  const to = new MemoryStore(name);
  for (const { key } of await from.list('')) await to.put(key, await from.get(key));
  return to;
}

/** A clock that starts at `start` and advances one second per call. */
export function ticking(start = Date.parse('2026-01-01T00:00:00Z')): () => Date {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
}

/**
 * Asserts that `current` is readable with a verified manifest whose blobs all verify, and that
 * every other readable manifest's blobs are present and intact too. Returns the live version.
 */
export async function expectConsistent(store: BlobStore): Promise<string> {
  const live = await readCurrent(store);
  expect(live).not.toBeNull();
  await verifyManifestBlobs(store, live!.manifest);
  for (const v of await listVersions(store)) {
    if (v.loaded !== null) await verifyManifestBlobs(store, v.loaded.manifest);
  }
  return live!.manifest.version;
}
