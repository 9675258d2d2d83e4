/**
 * The stable hash that splits users and items into shards. Batch writes bucket `b` of the
 * manifest's `HashSharding.shards` with exactly the ids for which `bucketOf(id, n) === b`, and
 * the edge recomputes it to fetch the one shard that can hold an id — so this function is a
 * wire contract: changing it invalidates every published manifest (hence `hash: 'fnv1a32'`).
 *
 * FNV-1a (32-bit) over the UTF-8 bytes of the id: tiny, fast in pure JS (no WebCrypto round
 * trip per id), identical in Node and workerd, and well spread on short ASCII ids. It is not
 * collision- or attack-resistant, which does not matter here: a skewed bucket only makes one
 * shard larger, and ids come from the store's own systems.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Mixes one byte into the running hash (`Math.imul` keeps the product in 32 bits). */
function step(h: number, byte: number): number {
  return Math.imul(h ^ byte, FNV_PRIME);
}

/**
 * 32-bit FNV-1a of the UTF-8 encoding of `id`, as an unsigned integer. A lone surrogate is
 * hashed as U+FFFD, which is what `TextEncoder` would have written.
 *
 * @example
 * fnv1a32('');       // 0x811c9dc5
 * fnv1a32('a');      // 0xe40c292c
 * fnv1a32('foobar'); // 0xbf9cf968
 */
export function fnv1a32(id: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) {
    let cp = id.charCodeAt(i);
    if (cp < 0x80) {
      h = step(h, cp);
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = id.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        cp = 0xfffd;
      }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      cp = 0xfffd;
    }
    if (cp < 0x800) {
      h = step(h, 0xc0 | (cp >> 6));
    } else if (cp < 0x10000) {
      h = step(h, 0xe0 | (cp >> 12));
      h = step(h, 0x80 | ((cp >> 6) & 0x3f));
    } else {
      h = step(h, 0xf0 | (cp >> 18));
      h = step(h, 0x80 | ((cp >> 12) & 0x3f));
      h = step(h, 0x80 | ((cp >> 6) & 0x3f));
    }
    h = step(h, 0x80 | (cp & 0x3f));
  }
  return h >>> 0;
}

/**
 * The shard (0 ≤ b < shardCount) that holds `id`: `fnv1a32(id) mod shardCount`.
 * Throws RangeError for a shardCount that is not a positive integer (programmer error).
 *
 * @example
 * const shard = manifest.users.shards[bucketOf(userId, manifest.users.shardCount)];
 */
export function bucketOf(id: string, shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > 0xffff_ffff) {
    throw new RangeError(`shardCount must be a positive integer, got ${shardCount}`);
  }
  return fnv1a32(id) % shardCount;
}
