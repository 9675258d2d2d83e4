/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven and pure.
 *
 * Why not SHA-256 here: the shard codec checks its body on every decode, synchronously, and
 * only has to catch accidental damage (truncated uploads, flipped bytes); integrity against
 * tampering is the manifest's sha256. CRC-32 detects every single-byte error and all burst
 * errors up to 32 bits, at a fraction of the cost.
 */

// Slicing-by-8: table k (at offset 256·k) advances a byte through k further zero bytes, so
// the main loop folds 8 input bytes per step with 8 independent lookups (≈3–4× the
// byte-at-a-time speed in V8, which matters because every shard decode checksums its body).
const TABLES: Uint32Array = (() => {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n] as number;
    for (let k = 1; k < 8; k++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8);
      t[256 * k + n] = c >>> 0;
    }
  }
  return t;
})();

/**
 * CRC-32 of `bytes` as an unsigned 32-bit integer. Pass a previous result as `seed` to
 * continue a checksum over several chunks.
 *
 * @example
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926
 */
export function crc32(bytes: Uint8Array, seed = 0): number {
  const t = TABLES;
  let c = ~seed;
  let i = 0;
  const n = bytes.length;
  const end8 = n - (n % 8);
  for (; i < end8; i += 8) {
    c ^=
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    c =
      (t[1792 + (c & 0xff)] as number) ^
      (t[1536 + ((c >>> 8) & 0xff)] as number) ^
      (t[1280 + ((c >>> 16) & 0xff)] as number) ^
      (t[1024 + (c >>> 24)] as number) ^
      (t[768 + (bytes[i + 4] as number)] as number) ^
      (t[512 + (bytes[i + 5] as number)] as number) ^
      (t[256 + (bytes[i + 6] as number)] as number) ^
      (t[bytes[i + 7] as number] as number);
  }
  for (; i < n; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
