/**
 * Where iALS runs: the choice of compute (typed-array loops, WASM SIMD kernels or tfjs) and the
 * memory layout each needs for its solver pool (shared buffers, one wasm arena). ials.ts drives
 * the sweeps over whatever this returns.
 */
import { AppError } from '#shared/errors';
import type { MfConfig } from '#shared/schemas';
import type { IalsMatrices } from './csr.ts';
import type { ConfidenceCsr, SweepRunner } from './half-sweep.ts';
import type { IalsResult } from './ials.ts';
import { countOrder, inverse, permuteRows, relabelCsr } from './relabel.ts';
import { createPoolRunner, shared } from './solve-pool.ts';
import { arenaBytes, WasmArena } from './wasm/arena.ts';
import { engineBytes, wasmSupportsDim } from './wasm/kernels.ts';

export interface Layout {
  runner: SweepRunner;
  byUser: ConfidenceCsr;
  byItem: ConfidenceCsr;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  /** Factors live in shared memory (copied out at the end). */
  pooled: boolean;
  /** Rows are relabelled (relabel.ts): row r of each side is original row order[r]. */
  order?: { users: Int32Array; items: Int32Array };
}

export type Initial = { users: Float32Array; items: Float32Array };

/** Typed-array loops: with a pool, everything the workers read moves to SharedArrayBuffers. */
export async function jsLayout(
  m: IalsMatrices,
  init: Initial,
  threads: number,
  warn?: (m: string) => void,
): Promise<Layout> {
  const runner = await createPoolRunner(threads, warn);
  if (threads <= 1) return { runner, ...m, userFactors: init.users, itemFactors: init.items, pooled: false };
  const csr = (c: ConfidenceCsr) => ({
    indptr: shared(c.indptr),
    indices: shared(c.indices),
    confidence: shared(c.confidence),
  });
  return {
    runner,
    byUser: csr(m.byUser),
    byItem: csr(m.byItem),
    userFactors: shared(init.users),
    itemFactors: shared(init.items),
    pooled: true,
  };
}

/** SIMD kernels: everything they read lives in one shared wasm memory (wasm/arena.ts). */
export async function wasmLayout(
  m: IalsMatrices,
  init: Initial,
  dim: number,
  threads: number,
  warn?: (m: string) => void,
): Promise<Layout> {
  const csrBytes = (c: ConfidenceCsr) => [c.indptr.byteLength, c.indices.byteLength, c.confidence.byteLength];
  const engines = threads + 1;
  const arena = new WasmArena(
    arenaBytes([
      ...csrBytes(m.byUser),
      ...csrBytes(m.byItem),
      init.users.byteLength,
      init.items.byteLength,
      ...new Array<number>(engines).fill(engineBytes(dim)),
    ]),
  );
  // Popular rows first on both sides (relabel.ts): gathers of the fixed side hit the cache more.
  const order = { users: countOrder(m.byUser), items: countOrder(m.byItem) };
  const newIndex = { users: inverse(order.users), items: inverse(order.items) };
  const csr = (c: ConfidenceCsr, rows: Int32Array, cols: Int32Array) =>
    relabelCsr(c, rows, cols, {
      indptr: arena.alloc(Int32Array, c.indptr.length),
      indices: arena.alloc(Int32Array, c.indices.length),
      confidence: arena.alloc(Float32Array, c.confidence.length),
    });
  const layout = {
    byUser: csr(m.byUser, order.users, newIndex.items),
    byItem: csr(m.byItem, order.items, newIndex.users),
    userFactors: permuteRows(init.users, order.users, dim, arena.alloc(Float32Array, init.users.length)),
    itemFactors: permuteRows(init.items, order.items, dim, arena.alloc(Float32Array, init.items.length)),
    order,
  };
  const regions = Array.from({ length: engines }, () => arena.alloc(Uint8Array, engineBytes(dim)).byteOffset);
  const spec = (t: number) => ({ kind: 'wasm' as const, memory: arena.memory, region: regions[t]! });
  return { runner: await createPoolRunner(threads, warn, spec), ...layout, pooled: true };
}

/**
 * `auto` → tf on the native TensorFlow backends (CUDA or CPU build); elsewhere the WASM SIMD
 * kernels (wasm/kernels.wat, float32, ~4× the typed-array loops per core) when the solver is CG
 * and the dimension a multiple of 8, else the typed-array loops (`js`, float64). On WASM tfjs the
 * per-op overhead and single thread made the batched path slower (docs/benchmarks.md).
 * Exact Cholesky solves exist only on the js path (tfjs has no solve op; the kernels do CG).
 */
export async function resolveCompute(
  config: MfConfig,
): Promise<{ compute: IalsResult['compute']; backend: string }> {
  const simdOk = config.solver === 'cg' && wasmSupportsDim(config.factors);
  if (config.compute === 'js') return { compute: 'js', backend: 'js' };
  if (config.compute === 'wasm') {
    if (!simdOk) {
      throw new AppError('invalid_argument', 'compute "wasm" needs solver "cg" and factors a multiple of 8', {
        field: 'mf.compute',
      });
    }
    return { compute: 'wasm', backend: 'wasm-simd' };
  }
  if (config.compute === 'tf' && config.solver === 'cholesky') {
    throw new AppError(
      'invalid_argument',
      'solver "cholesky" runs only with compute "js" (tfjs has no solve op)',
      {
        field: 'mf.solver',
      },
    );
  }
  const { initTf } = await import('../../runtime/tf.ts');
  const info = await initTf();
  const native = info.name === 'tensorflow' || info.name === 'tensorflow-gpu';
  if (config.compute === 'tf' || (native && config.solver === 'cg'))
    return { compute: 'tf', backend: info.name };
  return simdOk ? { compute: 'wasm', backend: 'wasm-simd' } : { compute: 'js', backend: 'js' };
}
