/**
 * Typed access to the iALS SIMD kernels (kernels.wat, assembled into kernels-wasm.ts) and the row
 * engine that drives them: one per thread, each with its own scratch, Gramian copy and partial
 * Gramian inside the shared arena.
 */
import type { HalfSweep } from '../half-sweep.ts';
import { rowRegularization } from '../half-sweep.ts';
import { mirrorUpper } from '../linalg.ts';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.ts';

interface Exports {
  configure(
    dim: number,
    gram: number,
    indices: number,
    conf: number,
    fixed: number,
    solved: number,
    scratch: number,
  ): void;
  cgRow(row: number, start: number, end: number, reg: number, steps: number): void;
  gramian(y: number, rows: number, g: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** The compiled kernel module (compiled once per thread). */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

/** The kernels need dim a multiple of 8 (two 4-lane accumulators per dot product). */
export function wasmSupportsDim(dim: number): boolean {
  return dim % 8 === 0;
}

/** Bytes of one engine's private region: scratch (3 vectors), Gramian copy and partial Gramian. */
export function engineBytes(dim: number): number {
  return (3 * dim + 2 * dim * dim) * 4;
}

/**
 * Solves rows and partial Gramians with the SIMD kernels. `region` is this engine's private
 * block (engineBytes(dim) bytes at that address); all arrays of the sweeps it is given must live
 * in `memory`.
 */
export class WasmRowEngine {
  private readonly k: Exports;
  private sweep: HalfSweep | undefined;
  private dim = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly region: number,
  ) {
    this.k = new WebAssembly.Instance(kernelModule(), { env: { memory } }).exports as unknown as Exports;
  }

  /** Takes a sweep whose `gramian` is filled: stores α0·G as float32 and points the kernels at it. */
  setSweep(sweep: HalfSweep): void {
    const d = sweep.dim;
    this.dim = d;
    this.sweep = sweep;
    const gram = this.region + 3 * d * 4;
    const g = new Float32Array(this.memory.buffer, gram, d * d);
    for (let k = 0; k < d * d; k++) g[k] = sweep.unobservedWeight * sweep.gramian[k]!;
    const { rows, fixed, solved } = sweep;
    this.k.configure(
      d,
      gram,
      rows.indices.byteOffset,
      rows.confidence.byteOffset,
      fixed.byteOffset,
      solved.byteOffset,
      this.region,
    );
  }

  /** Rows [from, to) of the current sweep, solved in place. */
  solveRows(from: number, to: number): void {
    const s = this.sweep;
    if (!s) throw new Error('rows requested before a sweep was set');
    const { indptr } = s.rows;
    for (let row = from; row < to; row++) {
      const start = indptr[row]!;
      const end = indptr[row + 1]!;
      if (end === start) {
        s.solved.fill(0, row * s.dim, (row + 1) * s.dim);
        continue;
      }
      this.k.cgRow(row, start, end, rowRegularization(end - start, s.numFixed, s), s.cgSteps);
    }
  }

  /**
   * YᵀY of rows [from, to) of `fixed` (in this memory), summed in float32 by the kernel and
   * returned as a full symmetric float64 matrix.
   */
  gramianChunk(fixed: Float32Array, from: number, to: number, dim: number): Float64Array {
    if (dim !== this.dim) {
      this.dim = dim;
      // configure only sets dim-derived globals here; pointers are set again by setSweep.
      this.k.configure(dim, 0, 0, 0, 0, 0, this.region);
    }
    const partial = this.region + (3 * dim + dim * dim) * 4;
    const p = new Float32Array(this.memory.buffer, partial, dim * dim);
    p.fill(0);
    this.k.gramian(fixed.byteOffset + from * dim * 4, to - from, partial);
    const g = Float64Array.from(p);
    mirrorUpper(g, dim);
    return g;
  }
}
