/**
 * The live brand kit: the manifest's `brandKit` blob, verified against its digest and parsed by
 * the `BrandKit` schema once per blob (memoised by sha256), with its own font files (published
 * blobs, checked by the pipeline) read, verified, opened and bound to the kit, so every banner
 * drawn with the kit uses them. A kit that cannot be read or does not validate never breaks a
 * banner: the default kit is used and the reason logged, and the next request tries again (a
 * failed read is not memoised); a font that cannot be read leaves the kit on Inter, logged.
 */
import { bindBrandFaces, DEFAULT_BRAND_KIT, MAX_BRAND_FONT_BYTES, openBrandFont } from '#shared/creatives';
import type { BlobRef, BrandFontFile, Manifest } from '#shared/schemas';
import { BrandKit } from '#shared/schemas/brand-kit';
import { firstIssue } from '#shared/schemas/decode';
import { type BlobOrigin, log, readVerified } from '../../lib/index.ts';

/** Largest kit blob read (a kit is a few KB; its logo data URL is capped by the schema). */
const MAX_KIT_BYTES = 256 * 1024;

export interface LiveKit {
  kit: BrandKit;
  /** Digest of the kit blob in use, or `default`: part of every cache key. */
  id: string;
}

/** Suffix of a kit's id while its font files could not be opened. */
const WITHOUT_FONTS = '-inter';

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
    if (live === DEFAULT || live.id.endsWith(WITHOUT_FONTS)) this.parsed.delete(ref.sha256);
    return live;
  }

  private async load(sha256: string, read: () => Promise<Uint8Array>): Promise<LiveKit> {
    try {
      const json: unknown = JSON.parse(new TextDecoder().decode(await read()));
      const parsed = BrandKit.safeParse(json);
      if (parsed.success) {
        // Drawn in Inter for now: another cache-key id, so those banners never stand in for
        // the font's, and not memoised (of()), so the next request reads the font again.
        const withFonts = await this.bindFonts(parsed.data, sha256);
        return { kit: parsed.data, id: withFonts ? sha256 : `${sha256}${WITHOUT_FONTS}` };
      }
      const { field, message } = firstIssue(parsed.error);
      log('warn', 'brand_kit_invalid', { sha256, field, detail: message });
    } catch (error) {
      log('warn', 'brand_kit_unreadable', { sha256, detail: String(error) });
    }
    return DEFAULT;
  }

  /** Opens the kit's font blobs and binds them to it; false when they could not be (Inter draws). */
  private async bindFonts(kit: BrandKit, sha256: string): Promise<boolean> {
    const files = kit.fontFiles;
    if (files === undefined) return true;
    const open = async (file: BrandFontFile) => {
      // The pipeline publishes blobs; a path here is a kit stored by hand, never published.
      if (typeof file === 'string') throw new Error(`font file ${file} is not a published blob`);
      const bytes = await readVerified(this.origin, file as BlobRef, MAX_BRAND_FONT_BYTES);
      return openBrandFont(bytes.slice().buffer as ArrayBuffer);
    };
    try {
      const [regular, bold] = await Promise.all([
        open(files.regular),
        files.bold === undefined ? undefined : open(files.bold),
      ]);
      bindBrandFaces(kit, bold === undefined ? { regular } : { regular, bold });
      return true;
    } catch (error) {
      log('warn', 'brand_font_unusable', { sha256, detail: String(error) });
      return false;
    }
  }
}
