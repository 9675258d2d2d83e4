/**
 * One shared WebAssembly memory holding everything the SIMD kernels touch — factor matrices, CSR
 * arrays and each thread's scratch — handed out as typed-array views. Worker threads instantiate
 * the kernels over the same memory, so a pointer is just a view's `byteOffset` and nothing is
 * copied per sweep. The memory is sized once, up front (no growth: growing would detach nothing
 * but would leave older views short), from the sizes the trainer asks for.
 */

const PAGE = 65_536;
const ALIGN = 16;
/** wasm32 addresses 4 GiB; factors and CSR for ~50M rows × 64 dims would not fit. */
const MAX_PAGES = 65_536;

type View = Float32Array | Int32Array | Uint8Array;

/** Bytes `arrays` of these byte lengths take in an arena, alignment included. */
export function arenaBytes(byteLengths: number[]): number {
  return byteLengths.reduce((sum, n) => sum + Math.ceil(n / ALIGN) * ALIGN, ALIGN);
}

export class WasmArena {
  readonly memory: WebAssembly.Memory;
  private next = ALIGN; // address 0 stays unused, so a zero pointer is never a live view

  /** An arena of at least `bytes` bytes (see `arenaBytes`). Throws RangeError past 4 GiB. */
  constructor(bytes: number) {
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES)
      throw new RangeError(`iALS needs ${bytes} bytes of wasm memory; wasm32 allows 4 GiB`);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  }

  /** A zeroed view of `length` elements, 16-byte aligned. */
  alloc<T extends View>(
    ctor: { new (b: ArrayBufferLike, o: number, n: number): T; BYTES_PER_ELEMENT: number },
    length: number,
  ): T {
    const bytes = length * ctor.BYTES_PER_ELEMENT;
    const at = this.next;
    if (at + bytes > this.memory.buffer.byteLength) throw new RangeError('wasm arena exhausted');
    this.next = at + Math.ceil(bytes / ALIGN) * ALIGN;
    return new ctor(this.memory.buffer, at, length);
  }

  /** A copy of `a` inside the arena. */
  copy<T extends View>(a: T): T {
    const out = this.alloc(
      a.constructor as unknown as {
        new (b: ArrayBufferLike, o: number, n: number): T;
        BYTES_PER_ELEMENT: number;
      },
      a.length,
    );
    out.set(a);
    return out;
  }
}
