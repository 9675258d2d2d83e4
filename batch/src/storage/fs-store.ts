/**
 * `FsStore`: a `BlobStore` on the local file system, the embedded default (`file://` URIs).
 *
 * A key `a/b/c.bin` is the file `<root>/a/b/c.bin`. `put` goes through `writeAtomically` (temp
 * file in the same directory, fsync, rename), so a reader sees the old bytes or the new bytes and
 * a crash mid-write leaves at most an orphan `.vitrine-tmp-*` file, which `list` never shows.
 *
 * Limits of a directory tree compared with S3: `a` and `a/b` cannot both be blobs (one would be
 * a file and a directory); putting one while the other exists fails with `invalid_argument`.
 * `delete` removes directories it leaves empty, so such a conflict only lasts while keys exist.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '#shared/errors';
import {
  assertValidKey,
  assertValidPrefix,
  type BlobInfo,
  type BlobStore,
  compareKeys,
} from '#shared/storage';
import { TEMP_PREFIX, writeAtomically } from './atomic-write.ts';
import { errorCode, ioError, isMissing, readError, writeError } from './fs-errors.ts';
import { parseFileUri } from './fs-uri.ts';

export class FsStore implements BlobStore {
  readonly uri: string;
  /** Absolute path of the directory holding the blobs. */
  readonly root: string;

  /** @param root directory for the blobs (created on the first `put`); relative to the cwd. */
  constructor(root: string) {
    this.root = resolve(root);
    this.uri = pathToFileURL(this.root).href;
  }

  /**
   * Opens the store a `file://` URI names (see `parseFileUri`).
   * @example
   * const store = FsStore.fromUri('file://.vitrine/store');
   */
  static fromUri(uri: string): FsStore {
    return new FsStore(parseFileUri(uri));
  }

  async get(key: string): Promise<Uint8Array> {
    const path = this.pathOf(key);
    try {
      const buf = await readFile(path);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (error) {
      throw (await this.rootProblem()) ?? readError(this.uri, error, key, path);
    }
  }

  async head(key: string): Promise<BlobInfo> {
    const path = this.pathOf(key);
    try {
      const s = await stat(path);
      if (!s.isFile()) throw new AppError('not_found', `no blob at ${key} in ${this.uri}`, { key });
      return { key, size: s.size };
    } catch (error) {
      // ENOENT means the root is a directory or absent (a file root gives ENOTDIR): no root
      // check, which every put of a new blob would otherwise pay for with a second stat.
      if (errorCode(error) === 'ENOENT') throw readError(this.uri, error, key, path);
      throw (await this.rootProblem()) ?? readError(this.uri, error, key, path);
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    try {
      await writeAtomically(path, bytes);
    } catch (error) {
      throw (await this.rootProblem()) ?? writeError(this.uri, error, key, path);
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (isMissing(error)) return; // nothing there (or only a directory of other keys)
      throw ioError(this.uri, error, `delete ${key}`, path);
    }
    await this.pruneEmptyDirs(dirname(path));
  }

  async list(prefix = ''): Promise<BlobInfo[]> {
    assertValidPrefix(prefix);
    // Walk only the directory the prefix ends in; its last, partial segment filters the names there.
    const cut = prefix.lastIndexOf('/');
    const base = cut < 0 ? [] : prefix.slice(0, cut).split('/');
    const found: BlobInfo[] = [];
    await this.walk(base, prefix.slice(cut + 1), found);
    // Sorted globally, not per directory: 'x-y' < 'x/y' although directory 'x' < file 'x-y'.
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  private async walk(segments: string[], namePrefix: string, out: BlobInfo[]): Promise<void> {
    const dir = join(this.root, ...segments);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const problem = await this.rootProblem();
      if (problem) throw problem;
      if (isMissing(error)) return;
      throw ioError(this.uri, error, 'list', dir);
    }
    for (const entry of entries) {
      if (!entry.name.startsWith(namePrefix) || entry.name.startsWith(TEMP_PREFIX)) continue;
      const child = [...segments, entry.name];
      if (entry.isDirectory()) {
        await this.walk(child, '', out);
      } else if (entry.isFile()) {
        // A file deleted since readdir is simply not part of this listing.
        const size = await stat(join(dir, entry.name)).then(
          (s) => s.size,
          () => undefined,
        );
        if (size !== undefined) out.push({ key: child.join('/'), size });
      }
    }
  }

  /** Removes directories a delete left empty, up to (not including) the root. */
  private async pruneEmptyDirs(dir: string): Promise<void> {
    for (let d = dir; d !== this.root && d.startsWith(this.root); d = dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        return; // not empty, or already gone: stop climbing
      }
    }
  }

  private pathOf(key: string): string {
    const segments = assertValidKey(key).split('/');
    if (segments.some((s) => s.startsWith(TEMP_PREFIX))) {
      throw new AppError(
        'invalid_argument',
        `invalid blob key ${key}: "${TEMP_PREFIX}*" names are reserved`,
        {
          field: 'key',
          key,
        },
      );
    }
    return join(this.root, ...segments);
  }

  /**
   * Explains a failure by the root itself not being a usable directory, so a misconfigured store
   * does not pass for an empty one. Only runs on error paths.
   */
  private async rootProblem(): Promise<AppError | undefined> {
    try {
      if ((await stat(this.root)).isDirectory()) return undefined;
      return new AppError('unavailable', `file store ${this.uri}: the root is not a directory`);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined; // not created yet: an empty store
      return ioError(this.uri, error, 'stat the root', this.root);
    }
  }
}
