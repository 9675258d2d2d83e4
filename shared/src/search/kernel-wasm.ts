/**
 * The WebAssembly SIMD scan kernel (wasm/scan.wat) behind the `ScanKernel` interface.
 *
 * The module is handed in already compiled: workerd refuses to compile WebAssembly from bytes
 * at run time, so the edge imports `scan.wasm` as a module (wrangler's CompiledWasm rule) and
 * Node compiles the file's bytes; instantiating a compiled module is allowed in both.
 *
 * Memory layout: [0, 16 KiB) the query, [16 KiB, 48 KiB) the scores of one block, then an
 * arena of list data. Shards are immutable once decoded, so a list's rows are copied into the
 * arena once and found again by identity (a WeakMap on the typed array) on later scans; when
 * the arena is full it is emptied and refilled by the lists in use (what a hot working set
 * needs is copied once; a copy costs about what one scan of it does).
 */
import { createJsKernel, KERNEL_BLOCK_ROWS, type ScanKernel } from './kernel.ts';

/** The slice of the WebAssembly API used here (shared/ compiles without platform types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmExports {
  memory: WasmMemory;
  dot_f32(q: number, x: number, rows: number, dim: number, out: number): void;
  dot_i8(q: number, x: number, scales: number, rows: number, dim: number, out: number): void;
  argmax_f32(q: number, x: number, rows: number, dim: number, bias: number, out: number): number;
}
interface WasmGlobal {
  WebAssembly?: { Instance: new (module: unknown, imports: object) => { exports: unknown } };
}

const PAGE = 65_536;
const QUERY_AT = 0;
const QUERY_BYTES = 16_384;
const OUT_AT = QUERY_BYTES;
const ARENA_AT = OUT_AT + 4 * KERNEL_BLOCK_ROWS;

export interface WasmKernelOptions {
  /** Bytes of list data kept resident in WebAssembly memory (default 24 MiB). */
  arenaBytes?: number;
}

/** The instance's memory as the kernel uses it: query slot, score block, and the list arena. */
interface Arena {
  /** Byte offset of `array` in the arena, copying it there first if needed; -1 if too big. */
  place(array: Float32Array | Int8Array): number;
  /** Offset of `array` if it is resident now (a later `place` may have emptied the arena). */
  at(array: ArrayBufferView): number | undefined;
  setQuery(query: Float32Array, dim: number): void;
  /** The first `rows` scores of the score block (a view). */
  result(rows: number): Float32Array;
  forget(array: ArrayBufferView): void;
}

function openArena(memory: WasmMemory, capacity: number): Arena {
  let resident = new WeakMap<ArrayBufferView, number>();
  let top = ARENA_AT;
  let buffer: ArrayBuffer | undefined;
  let f32 = new Float32Array(0);
  let u8 = new Uint8Array(0);
  const views = () => {
    if (buffer !== memory.buffer) {
      buffer = memory.buffer;
      f32 = new Float32Array(buffer);
      u8 = new Uint8Array(buffer);
    }
  };
  return {
    place(array) {
      const known = resident.get(array);
      if (known !== undefined) return known;
      const bytes = array.byteLength;
      if (bytes > capacity / 4) return -1;
      if (top + bytes > ARENA_AT + capacity) {
        resident = new WeakMap();
        top = ARENA_AT;
      }
      const at = top;
      top = (top + bytes + 15) & ~15;
      const need = Math.ceil(top / PAGE) - memory.buffer.byteLength / PAGE;
      if (need > 0) memory.grow(need);
      views();
      u8.set(new Uint8Array(array.buffer, array.byteOffset, bytes), at);
      resident.set(array, at);
      return at;
    },
    at: (array) => resident.get(array),
    setQuery(query, dim) {
      views();
      // An element loop: for a few dozen floats TypedArray#set costs several times more.
      for (let d = 0; d < dim; d++) f32[QUERY_AT / 4 + d] = query[d] as number;
    },
    result(rows) {
      views();
      return f32.subarray(OUT_AT / 4, OUT_AT / 4 + rows);
    },
    forget(array) {
      resident.delete(array);
    },
  };
}

/**
 * A kernel running `module` (the compiled wasm/scan.wasm).
 *
 * @example
 * import scanModule from '../../shared/src/search/wasm/scan.wasm';
 * useScanKernel(createWasmKernel(scanModule));
 */
export function createWasmKernel(module: unknown, options: WasmKernelOptions = {}): ScanKernel {
  const wasm = (globalThis as WasmGlobal).WebAssembly;
  if (wasm === undefined) throw new Error('WebAssembly is not available in this runtime');
  const ex = new wasm.Instance(module, {}).exports as WasmExports;
  const arena = openArena(ex.memory, options.arenaBytes ?? 24 * 1024 * 1024);
  const { place, setQuery, result } = arena;
  const fallback = createJsKernel();
  let max = Number.NEGATIVE_INFINITY;
  return {
    kind: 'wasm-simd',
    scoreF32(query, data, dim, from, to) {
      if (dim % 4 !== 0 || 4 * dim > QUERY_BYTES) return fallback.scoreF32(query, data, dim, from, to);
      const at = place(data);
      if (at < 0) return fallback.scoreF32(query, data, dim, from, to);
      setQuery(query, dim);
      ex.dot_f32(QUERY_AT, at + 4 * from * dim, to - from, dim, OUT_AT);
      return result(to - from);
    },
    scoreInt8(query, data, scales, dim, from, to) {
      if (dim % 16 !== 0 || 4 * dim > QUERY_BYTES)
        return fallback.scoreInt8(query, data, scales, dim, from, to);
      let at = place(data);
      const sat = place(scales);
      // Placing the scales may have emptied the arena: place the codes again beside them.
      if (at >= 0 && arena.at(data) !== at) at = place(data);
      if (at < 0 || sat < 0) return fallback.scoreInt8(query, data, scales, dim, from, to);
      setQuery(query, dim);
      ex.dot_i8(QUERY_AT, at + from * dim, sat + 4 * from, to - from, dim, OUT_AT);
      return result(to - from);
    },
    argmaxF32(query, data, bias, dim, from, to) {
      let at = dim % 4 !== 0 || 4 * dim > QUERY_BYTES ? -1 : place(data);
      const bat = at < 0 ? -1 : place(bias);
      // Placing the bias may have emptied the arena: place the rows again beside it.
      if (at >= 0 && arena.at(data) !== at) at = place(data);
      if (at < 0 || bat < 0) {
        const best = fallback.argmaxF32(query, data, bias, dim, from, to);
        max = fallback.lastMax();
        return best;
      }
      setQuery(query, dim);
      const best = ex.argmax_f32(QUERY_AT, at + 4 * from * dim, to - from, dim, bat + 4 * from, OUT_AT);
      max = result(1)[0] as number;
      return best;
    },
    lastMax: () => max,
    forget: (data) => arena.forget(data),
  };
}
