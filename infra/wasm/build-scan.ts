/**
 * `npm run build:wasm`: assembles shared/src/search/wasm/scan.wat into scan.wasm with wabt's
 * wat2wasm (an npm package, pinned, so a fresh clone rebuilds it after `npm ci` with no other
 * toolchain). Hand-written WAT rather than AssemblyScript or Rust: the kernels are two short
 * loops whose SIMD instructions we want to choose ourselves, and the output is ~0.8 KB with no
 * runtime or allocator. The built file is committed (the Workers bundle imports it) and
 * tests/shared/search-wasm.test.ts checks that rebuilding reproduces it byte for byte.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export const SCAN_WAT = fileURLToPath(new URL('../../shared/src/search/wasm/scan.wat', import.meta.url));
export const SCAN_WASM = fileURLToPath(new URL('../../shared/src/search/wasm/scan.wasm', import.meta.url));

/** The module bytes for the current scan.wat (deterministic: no debug names, no build ids). */
export async function assembleScanWasm(): Promise<Uint8Array> {
  const tools = await wabt();
  const parsed = tools.parseWat('scan.wat', await readFile(SCAN_WAT, 'utf8'), { simd: true });
  try {
    parsed.validate();
    return Uint8Array.from(parsed.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await assembleScanWasm();
  await writeFile(SCAN_WASM, bytes);
  process.stderr.write(`wrote ${SCAN_WASM} (${bytes.length} bytes)\n`);
}
