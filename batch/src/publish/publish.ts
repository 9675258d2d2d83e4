/**
 * Atomic, versioned publish. The order is the whole point:
 *
 *   1. `state/publishing/<version>.json` marker (tells GC a publish is in flight);
 *   2. every artifact as a content-addressed blob (`blobs/<sha256>`, see blobs.ts);
 *   3. the immutable `manifests/<version>.json`, zod-validated before it is written;
 *   4. a check that every blob the manifest lists is present with its size (a blob removed
 *      meanwhile, e.g. by a racing GC, fails the publish here, before anyone can see it);
 *   5. LAST, `manifests/current.json` (a `CurrentPointer` carrying the manifest's sha256);
 *   6. the marker is removed.
 *
 * Each put is atomic (BlobStore contract), so a crash or storage error at any step leaves
 * `current.json` naming the previous, complete version (or the new one, once step 5 landed);
 * unreferenced blobs and manifests from a failed attempt are what retention cleans up.
 */
import { sha256Hex } from '#shared/crypto';
import { AppError } from '#shared/errors';
import {
  type BlobRef,
  CURRENT_POINTER_KEY,
  type CurrentPointer,
  Manifest,
  manifestKey,
  pointerHot,
  publishingKey,
  zodError,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { InFlight, WRITE_CONCURRENCY } from '../index/in-flight.ts';
import { BlobWriter, type BlobWriteStats, sizeOf } from './blobs.ts';
import { manifestBlobRefs } from './refs.ts';

/** Everything of a manifest but the fields the publisher fills in. */
export type ManifestBody = Omit<Manifest, 'schemaVersion' | 'version' | 'createdAt'>;

export interface PublishResult {
  version: string;
  manifestKey: string;
  manifestSha256: string;
  manifestBytes: number;
  pointer: CurrentPointer;
  blobs: BlobWriteStats;
}

export interface PublishOptions {
  /** Defaults to `v<UTC timestamp>-<random>`, which sorts by publish time. */
  version?: string;
  /** Clock, for tests. */
  now?: () => Date;
}

const encoder = new TextEncoder();

function defaultVersion(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  return `v${stamp}-${rand}`;
}

/** One publish in progress: put blobs, then `commit` (or `abort`). */
export class PublishSession {
  private readonly writer: BlobWriter;
  private done = false;

  constructor(
    private readonly store: BlobStore,
    readonly version: string,
    private readonly now: () => Date,
  ) {
    this.writer = new BlobWriter(store);
  }

  /** Stores an artifact content-addressed (the `BlobSink` for the index build). */
  putBlob = (bytes: Uint8Array): Promise<BlobRef> => this.writer.put(bytes);

  /**
   * Validates and writes the manifest, checks its blobs, then flips `current.json` to it.
   *
   * @throws AppError('invalid_argument') if the manifest fails its schema;
   *   AppError('precondition_failed') if the version exists or a listed blob is missing.
   */
  async commit(body: ManifestBody): Promise<PublishResult> {
    if (this.done) throw new Error(`publish session ${this.version} is already finished`);
    const parsed = Manifest.safeParse({
      schemaVersion: 1,
      version: this.version,
      createdAt: this.now().toISOString(),
      ...body,
    });
    if (!parsed.success) throw zodError(parsed.error, 'invalid_argument', `manifest ${this.version}`);
    const manifest = parsed.data;
    const key = manifestKey(this.version);
    if ((await sizeOf(this.store, key)) !== null) {
      throw new AppError(
        'precondition_failed',
        `version ${this.version} already exists (${key}); versions are immutable`,
        { key },
      );
    }
    const bytes = encoder.encode(JSON.stringify(manifest));
    const sha256 = await sha256Hex(bytes);
    await this.store.put(key, bytes, { contentType: 'application/json' });
    await this.checkBlobs(manifest, key);
    const pointer: CurrentPointer = {
      version: this.version,
      manifestKey: key,
      sha256,
      publishedAt: this.now().toISOString(),
      hot: pointerHot(manifest),
    };
    await this.store.put(CURRENT_POINTER_KEY, encoder.encode(JSON.stringify(pointer)), {
      contentType: 'application/json',
    });
    this.done = true;
    await this.clearMarker();
    return {
      version: this.version,
      manifestKey: key,
      manifestSha256: sha256,
      manifestBytes: bytes.length,
      pointer,
      blobs: { ...this.writer.stats },
    };
  }

  /**
   * Every blob the manifest lists must be present with its size. The checks run
   * `WRITE_CONCURRENCY` at a time: a 1M-item index lists ~18k blobs, one round trip each.
   */
  private async checkBlobs(manifest: Manifest, key: string): Promise<void> {
    const checks = new InFlight(WRITE_CONCURRENCY);
    for (const ref of manifestBlobRefs(manifest).values()) {
      await checks.run(async () => {
        const size = await sizeOf(this.store, ref.key);
        if (size !== ref.size) {
          throw new AppError(
            'precondition_failed',
            `blob ${ref.key} listed by ${key} is ${size === null ? 'missing' : `${size} bytes, not ${ref.size}`}; current left unchanged`,
            { key: ref.key },
          );
        }
      });
    }
    await checks.drain();
  }

  /** Gives up: removes the marker (best effort); blobs written so far are left for GC. */
  async abort(): Promise<void> {
    this.done = true;
    await this.clearMarker();
  }

  private async clearMarker(): Promise<void> {
    try {
      await this.store.delete(publishingKey(this.version));
    } catch {
      // A leftover marker only delays GC until it is stale; the publish outcome stands.
    }
  }
}

/**
 * Starts a publish: writes the in-flight marker and returns the session.
 *
 * @example
 * const session = await beginPublish(store);
 * const art = await buildIndex(model, session.putBlob, opts);
 * await session.commit({ model: …, ...art });
 */
export async function beginPublish(store: BlobStore, options: PublishOptions = {}): Promise<PublishSession> {
  const now = options.now ?? (() => new Date());
  const version = options.version ?? defaultVersion(now());
  const marker = { version, startedAt: now().toISOString(), owner: `pid ${globalThis.process?.pid ?? '?'}` };
  await store.put(publishingKey(version), encoder.encode(JSON.stringify(marker)), {
    contentType: 'application/json',
  });
  return new PublishSession(store, version, now);
}

/**
 * Runs `build` inside a publish session and commits what it returns; aborts on any error.
 *
 * @example
 * const result = await publish(store, async (put) => ({ ...body, fallback: await put(bytes) }));
 */
export async function publish(
  store: BlobStore,
  build: (putBlob: (bytes: Uint8Array) => Promise<BlobRef>) => Promise<ManifestBody>,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const session = await beginPublish(store, options);
  try {
    return await session.commit(await build(session.putBlob));
  } catch (error) {
    await session.abort();
    throw error;
  }
}
