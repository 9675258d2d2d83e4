/**
 * Fonts as plain sfnt (TrueType/OpenType) bytes, which sfnt.ts reads. The bundled Inter faces are
 * WOFF: the same tables, each zlib-compressed. The platform's native `DecompressionStream`
 * (Node ≥ 18, workerd) inflates them in a millisecond or two (inflating in JavaScript was
 * ~100–150 ms of a cold banner, profiled under load). Inflating is exact, so the glyphs — and
 * every banner's bytes — are the same as from the WOFF file.
 *
 * WOFF 1.0 layout: a 44-byte header (signature `wOFF`, flavor, numTables…), then 20-byte table
 * entries (tag, offset, compLength, origLength, origChecksum); a table is stored as is when
 * compLength equals origLength. https://www.w3.org/TR/WOFF/
 */

/** The platform's streams, typed here (shared/ has no DOM or Node types). */
interface Streams {
  DecompressionStream: new (format: 'deflate') => unknown;
  Response: new (
    body: unknown,
  ) => { body: { pipeThrough(t: unknown): unknown }; arrayBuffer(): Promise<ArrayBuffer> };
}
const platform = globalThis as unknown as Streams;

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_ENTRY = 16;

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new platform.Response(bytes).body.pipeThrough(new platform.DecompressionStream('deflate'));
  return new Uint8Array(await new platform.Response(stream).arrayBuffer());
}

/**
 * `font` as sfnt bytes: a WOFF file unwrapped (tables inflated), anything else as it is.
 *
 * @example
 * const font = new SfntFont(await sfntOf(woffBytes)); // sfnt.ts reads it without inflating anything
 */
export async function sfntOf(font: ArrayBuffer): Promise<ArrayBuffer> {
  const woff = new DataView(font);
  if (font.byteLength < WOFF_HEADER || woff.getUint32(0) !== WOFF_SIGNATURE) return font;
  const count = woff.getUint16(12);
  const tables = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const at = WOFF_HEADER + i * WOFF_ENTRY;
      const offset = woff.getUint32(at + 4);
      const stored = new Uint8Array(font, offset, woff.getUint32(at + 8));
      const length = woff.getUint32(at + 12);
      const data = stored.length === length ? stored : await inflate(stored);
      if (data.length !== length)
        throw new Error(`WOFF table ${i} inflates to ${data.length}, not ${length}`);
      return { tag: woff.getUint32(at), checksum: woff.getUint32(at + 16), data };
    }),
  );
  let size = 12 + SFNT_ENTRY * count;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = new Uint8Array(size);
  const sfnt = new DataView(out.buffer);
  // Offset table: flavor, numTables, and the binary-search fields derived from numTables.
  let log2 = 0;
  while (1 << (log2 + 1) <= count) log2++;
  sfnt.setUint32(0, woff.getUint32(4));
  sfnt.setUint16(4, count);
  sfnt.setUint16(6, (1 << log2) * 16);
  sfnt.setUint16(8, log2);
  sfnt.setUint16(10, count * 16 - (1 << log2) * 16);
  let at = 12 + SFNT_ENTRY * count;
  tables.forEach((t, i) => {
    const entry = 12 + i * SFNT_ENTRY;
    sfnt.setUint32(entry, t.tag);
    sfnt.setUint32(entry + 4, t.checksum);
    sfnt.setUint32(entry + 8, at);
    sfnt.setUint32(entry + 12, t.data.length);
    out.set(t.data, at);
    at += (t.data.length + 3) & ~3; // tables start on 4-byte boundaries
  });
  return out.buffer;
}
