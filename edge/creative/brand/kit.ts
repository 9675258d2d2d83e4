/**
 * The live brand kit: the manifest's `brandKit` blob, verified against its digest and parsed by
 * the `BrandKit` schema once per blob (memoised by sha256). A kit that cannot be read or does not
 * validate never breaks a banner: the default kit is used and the reason logged, and the next
 * request tries again (a failed read is not memoised).
 */
import { DEFAULT_BRAND_KIT } from '#shared/creatives';
import { BrandKit, firstIssue, type Manifest } from '#shared/schemas';
import { type BlobOrigin, log, readVerified } from '../../lib/index.ts';

/** Largest kit blob read (a kit is a few KB; its logo data URL is capped by the schema). */
const MAX_KIT_BYTES = 256 * 1024;

export interface LiveKit {
  kit: BrandKit;
  /** Digest of the kit blob in use, or `default`: part of every cache key. */
  id: string;
}

const DEFAULT: LiveKit = { kit: DEFAULT_BRAND_KIT, id: 'default' };

export class BrandKits {
  private readonly parsed = new Map<string, Promise<LiveKit>>();

  constructor(private readonly origin: BlobOrigin) {}

  /**
   * The kit `manifest` names, or the default one.
   *
   * @example
   * const { kit, id } = await kits.of(manifest);
   */
  async of(manifest: Manifest | undefined): Promise<LiveKit> {
    const ref = manifest?.brandKit;
    if (ref === undefined) return DEFAULT;
    let entry = this.parsed.get(ref.sha256);
    if (entry === undefined) {
      entry = this.load(ref.sha256, () => readVerified(this.origin, ref, MAX_KIT_BYTES));
      this.parsed.set(ref.sha256, entry);
    }
    const live = await entry;
    if (live === DEFAULT) this.parsed.delete(ref.sha256);
    return live;
  }

  private async load(sha256: string, read: () => Promise<Uint8Array>): Promise<LiveKit> {
    try {
      const json: unknown = JSON.parse(new TextDecoder().decode(await read()));
      const parsed = BrandKit.safeParse(json);
      if (parsed.success) return { kit: parsed.data, id: sha256 };
      const { field, message } = firstIssue(parsed.error);
      log('warn', 'brand_kit_invalid', { sha256, field, detail: message });
    } catch (error) {
      log('warn', 'brand_kit_unreadable', { sha256, detail: String(error) });
    }
    return DEFAULT;
  }
}
