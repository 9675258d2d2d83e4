/**
 * Crash-safe file replacement for FsStore: write a temp file next to the target, fsync it, rename
 * it over the target, fsync the directory. rename(2) within one directory is atomic, so readers
 * see the old file or the new one; a crash or failed write leaves at most an orphan temp file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errorCode } from './fs-errors.ts';

/** Names of temp files start with this; listings skip them and keys may not use it. */
export const TEMP_PREFIX = '.vitrine-tmp-';
/** Attempts at creating the temp file when a concurrent delete prunes its directory away. */
const TEMP_ATTEMPTS = 5;

/**
 * Replaces (or creates) the file at `path` with `bytes`, atomically. Creates missing parent
 * directories. On failure the temp file is removed and the error rethrown as is.
 *
 * @example
 * await writeAtomically('/var/vitrine/manifests/current.json', bytes);
 */
export async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  // Random per call, so concurrent writers of one path never share a temp file.
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  try {
    await writeTemp(dir, temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirShared(dir);
}

/** Per directory: a fsync not started yet (joined by new renames) and the one running. */
interface DirSyncs {
  waiting: Promise<void> | null;
  running: Promise<void> | null;
}
const dirSyncs = new Map<string, DirSyncs>();

/**
 * Group commit of directory fsyncs: a writer whose rename is done needs *a* fsync of the
 * directory that starts after its rename, not one of its own. Writers join the fsync that has
 * not started yet, or queue one behind the running one, so concurrent puts into one directory
 * (a publish's blobs/) share a few fsyncs instead of paying one each.
 */
function syncDirShared(dir: string): Promise<void> {
  let state = dirSyncs.get(dir);
  if (state === undefined) {
    state = { waiting: null, running: null };
    dirSyncs.set(dir, state);
  }
  const s = state;
  if (s.waiting !== null) return s.waiting;
  const mine: Promise<void> = (s.running ?? Promise.resolve())
    .then(() => {
      s.waiting = null; // started: renames from now on need the next fsync
      s.running = mine;
      return syncDir(dir);
    })
    .finally(() => {
      if (s.running === mine) s.running = null;
      if (s.running === null && s.waiting === null) dirSyncs.delete(dir);
    });
  s.waiting = mine;
  return mine;
}

async function writeTemp(dir: string, temp: string, bytes: Uint8Array): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(temp, 'wx', 0o644);
    } catch (error) {
      // The directory is created only when missing: a publish writes thousands of blobs into
      // one directory, and a mkdir per file was a file-system call per blob for nothing.
      if (errorCode(error) === 'ENOENT' && attempt < TEMP_ATTEMPTS) {
        await mkdir(dir, { recursive: true });
        continue;
      }
      throw error;
    }
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return;
  }
}

/** fsyncs a directory so a completed rename survives a power loss; best effort. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open directories and some file systems reject fsync on them: the rename is
    // still atomic there, only its durability across a power loss is weaker.
  }
}
