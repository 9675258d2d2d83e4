/**
 * The generated shop's event partitions for `npm run bench:pipeline`: compaction is incremental
 * (each NDJSON file once, ever), so a nightly run compacts one day of new files, not the history.
 * The bench measures both: the last 24 hour partitions are held back while the history is
 * compacted as a first run would, then put back and compacted as the nightly run does.
 * `forgetLastDay` undoes only that nightly compaction, so a later run (`--keep-history`) can time
 * the nightly retrain without compacting the whole history again (minutes at 1M items).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PARQUET_PREFIX, readCompactionState, writeCompactionState } from '../src/data/parquet/state.ts';
import { openStore } from '../src/storage/open.ts';

/** The last 24 hour partitions (`dt=…/hour=…`) of the shop under `dir`, oldest first. */
async function lastDay(dir: string): Promise<string[]> {
  const events = join(dir, 'shop', 'events');
  const hours: string[] = [];
  for (const day of (await readdir(events)).filter((d) => d.startsWith('dt=')))
    for (const hour of await readdir(join(events, day))) hours.push(`${day}/${hour}`);
  hours.sort();
  return hours.length <= 24 ? [] : hours.slice(-24);
}

/** Moves the last 24 hour partitions aside (to `dir/held`); returns them (none for a short history). */
export async function holdBackLastDay(dir: string): Promise<string[]> {
  const last = await lastDay(dir);
  for (const h of last) {
    await mkdir(dirname(join(dir, 'held', h)), { recursive: true });
    await rename(join(dir, 'shop', 'events', h), join(dir, 'held', h));
  }
  return last;
}

/** Puts held-back hour partitions (this run's, or an interrupted run's) back under events/. */
export async function restoreHeld(dir: string): Promise<void> {
  const root = join(dir, 'held');
  if (!existsSync(root)) return;
  for (const day of await readdir(root))
    for (const hour of await readdir(join(root, day))) {
      await mkdir(join(dir, 'shop', 'events', day), { recursive: true });
      await rename(join(root, day, hour), join(dir, 'shop', 'events', day, hour));
    }
  await rm(root, { recursive: true });
}

/**
 * Undoes the compaction of the last 24 hour partitions of an earlier run: drops their Parquet
 * batches and their entries in the compaction state, leaving the history compacted. False when
 * there is no compacted history to keep, or the last day shares a batch with it.
 */
export async function forgetLastDay(dir: string): Promise<boolean> {
  const store = openStore(`file://${join(dir, 'shop')}`);
  const state = await readCompactionState(store);
  const hours = new Set(await lastDay(dir));
  const inLastDay = (key: string) => hours.has(key.split('/').slice(1, 3).join('/'));
  const keys = Object.keys(state.sources);
  const nightly = new Set(keys.filter(inLastDay).map((k) => state.sources[k]!));
  const history = new Set(keys.filter((k) => !inLastDay(k)).map((k) => state.sources[k]!));
  if (history.size === 0 || [...nightly].some((id) => history.has(id))) return false;
  for (const blob of await store.list(PARQUET_PREFIX)) {
    const batch = /\/part-([0-9a-f]+)-\d+\.parquet$/.exec(blob.key)?.[1];
    if (batch !== undefined && nightly.has(batch)) await store.delete(blob.key);
  }
  for (const key of keys) if (inLastDay(key)) delete state.sources[key];
  await writeCompactionState(store, state);
  return true;
}
