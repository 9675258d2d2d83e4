/**
 * The last manifest this colo loaded successfully, kept in `caches.default`, so a fresh
 * isolate can still serve (stale, and saying so) while the bucket or the pointer is broken.
 * The isolate's own copy lives in the provider; this is only the cold-start safety net.
 */

import * as z from 'zod';
import { AppError } from '#shared/errors';
import { CurrentPointer, Manifest } from '#shared/schemas/manifest';
import type { WebCache } from '../blobs/web-cache.ts';
import type { LoadedManifest } from './loader.ts';

const KEY = 'https://vitrine-blobs.internal/manifests/last-good.json';
const Entry = z.object({ pointer: CurrentPointer, manifest: Manifest });

export class LastGoodManifest {
  constructor(
    private readonly cache: WebCache,
    private readonly maxAgeSeconds: number,
  ) {}

  /** Remembers `loaded`; errors are swallowed (this is a safety net, not a source of truth). */
  async save(loaded: LoadedManifest): Promise<void> {
    const headers = { 'content-type': 'application/json', 'cache-control': `max-age=${this.maxAgeSeconds}` };
    try {
      await this.cache.put(KEY, new Response(JSON.stringify(loaded), { headers }));
    } catch {
      // ignored
    }
  }

  /** The remembered manifest, or undefined when there is none or it does not parse. */
  async load(): Promise<LoadedManifest | undefined> {
    try {
      const res = await this.cache.match(KEY);
      if (res === undefined) return undefined;
      const parsed = Entry.safeParse(await res.json());
      if (!parsed.success) throw new AppError('corrupt', 'last-good manifest entry does not parse');
      return parsed.data;
    } catch {
      return undefined;
    }
  }
}
