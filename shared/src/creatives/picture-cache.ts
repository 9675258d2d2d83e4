/**
 * Pictures drawn lately, per process/isolate: the PNG data URL of a picture box, found by its
 * inputs — the source's bytes (a product photo's file, a generator image's floats) and how it is
 * drawn (box side, colours, deflate level). The same item's banner again, at another slot or
 * template with the same box, skips decoding and resampling its photo (most of a product-photo
 * banner's time, docs/benchmarks.md). The key holds a CRC of the bytes; a hit is then compared
 * byte for byte with the bytes it was drawn from, so it is always the very picture those bytes
 * give.
 */
import { crc32 } from '#shared/crypto';

/** Entries kept, and the source bytes they may hold in all (photos are kept by reference). */
const MAX_ENTRIES = 48;
const MAX_SOURCE_BYTES = 24 << 20;

interface Drawn {
  source: Uint8Array;
  url: string;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class RecentPictures {
  /** Most recently used last. */
  private readonly entries = new Map<string, Drawn>();
  private bytes = 0;

  /** `digest`: the bytes' key part (CRC-32; a test may pass a colliding one). */
  constructor(private readonly digest: (bytes: Uint8Array) => number = crc32) {}

  /**
   * The data URL drawn from `source` with `how` (a string naming every other input), drawing it
   * with `draw` when it is not kept.
   *
   * @example
   * const url = pictures.get(photoBytes, `photo|112|#fff`, () => drawPhoto(photoBytes));
   */
  get(source: Uint8Array, how: string, draw: () => string): string {
    const key = `${how}|${source.length}|${this.digest(source)}`;
    const hit = this.entries.get(key);
    if (hit !== undefined && same(hit.source, source)) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.url;
    }
    const url = draw();
    this.remove(key);
    if (source.length <= MAX_SOURCE_BYTES) {
      this.entries.set(key, { source, url });
      this.bytes += source.length;
    }
    while (this.entries.size > MAX_ENTRIES || this.bytes > MAX_SOURCE_BYTES) {
      this.remove(this.entries.keys().next().value as string);
    }
    return url;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.bytes -= entry.source.length;
    this.entries.delete(key);
  }
}
