/**
 * WOFF → sfnt (shared/src/creatives/fonts.ts): each bundled Inter face unwraps to a TrueType file
 * whose tables are the WOFF's tables inflated (checked against Node's zlib), laid out as the
 * sfnt format asks; other bytes pass through untouched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sfntOf } from '#shared/creatives';

const require = createRequire(import.meta.url);
const FACES = ['latin-400', 'latin-700', 'latin-ext-400', 'latin-ext-700'];

const woffOf = (face: string) =>
  readFileSync(require.resolve(`@fontsource/inter/files/inter-${face}-normal.woff`));

/** tag → table bytes of a WOFF file, inflated with Node's zlib. */
function woffTables(woff: Buffer): Map<string, Buffer> {
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < woff.readUInt16BE(12); i++) {
    const at = 44 + i * 20;
    const [offset, comp, orig] = [
      woff.readUInt32BE(at + 4),
      woff.readUInt32BE(at + 8),
      woff.readUInt32BE(at + 12),
    ];
    const stored = woff.subarray(offset, offset + comp);
    tables.set(woff.toString('latin1', at, at + 4), comp === orig ? stored : inflateSync(stored));
  }
  return tables;
}

describe('WOFF fonts as sfnt', () => {
  it('unwraps every bundled face to its inflated tables, 4-byte aligned behind a valid directory', async () => {
    for (const face of FACES) {
      const woff = woffOf(face);
      const sfnt = Buffer.from(
        await sfntOf(woff.buffer.slice(woff.byteOffset, woff.byteOffset + woff.byteLength) as ArrayBuffer),
      );
      const expected = woffTables(woff);
      const count = sfnt.readUInt16BE(4);
      expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4)); // the WOFF's flavor (TrueType)
      expect(count).toBe(expected.size);
      expect(sfnt.readUInt16BE(6)).toBe(16 * 2 ** Math.floor(Math.log2(count)));
      for (let i = 0; i < count; i++) {
        const at = 12 + i * 16;
        const [offset, length] = [sfnt.readUInt32BE(at + 8), sfnt.readUInt32BE(at + 12)];
        expect(offset % 4).toBe(0);
        const tag = sfnt.toString('latin1', at, at + 4);
        expect(sfnt.subarray(offset, offset + length).equals(expected.get(tag)!), `${face} ${tag}`).toBe(
          true,
        );
      }
    }
  });

  it('passes bytes that are not WOFF through unchanged', async () => {
    const ttf = new Uint8Array([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).buffer;
    expect(await sfntOf(ttf)).toBe(ttf);
  });
});
