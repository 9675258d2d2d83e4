/**
 * Runs the typed-array solver (solve-js.ts) on several cores: a pool of worker threads that
 * share the factor matrices and CSR arrays through SharedArrayBuffers and pull row chunks from
 * the main thread. With one thread (or where workers cannot start) the same chunks run inline.
 *
 * Determinism: every row's solve depends only on the inputs, never on which thread ran it, and
 * the Gramian is summed from fixed 65,536-row chunks in chunk order — so the factors are
 * bit-identical for any number of threads.
 *
 * Workers load TypeScript through tsx's register API (the CLI and benches run under tsx; Node 20
 * workers do not inherit the parent's loader). If that fails the pool says so and runs inline.
 */
import { Worker } from 'node:worker_threads';
import type { HalfSweep, SweepRunner } from './half-sweep.ts';
import { gramian } from './linalg.ts';
import { solveRowsJs } from './solve-js.ts';
import type { WorkerReply, WorkerRequest } from './solve-worker.ts';
import { WasmRowEngine } from './wasm/kernels.ts';

const ROW_CHUNK = 2048;
/** Rows per partial Gramian: fixed, so sums run in the same order for any thread count. */
const GRAMIAN_CHUNK = 16_384;

/** What solves rows on one thread: typed-array loops (float64) or the WASM SIMD kernels (float32). */
export interface RowEngine {
  setSweep(sweep: HalfSweep): void;
  solveRows(from: number, to: number): void;
  /** YᵀY of rows [from, to) of `fixed`, full symmetric float64. */
  gramianChunk(fixed: Float32Array, from: number, to: number, dim: number): Float64Array;
}

/** How a thread builds its engine; `wasm` names the shared memory and the thread's private region. */
export type EngineSpec = { kind: 'js' } | { kind: 'wasm'; memory: WebAssembly.Memory; region: number };

class JsRowEngine implements RowEngine {
  private sweep: HalfSweep | undefined;
  setSweep(sweep: HalfSweep): void {
    this.sweep = sweep;
  }
  solveRows(from: number, to: number): void {
    if (!this.sweep) throw new Error('rows requested before a sweep was set');
    solveRowsJs(this.sweep, from, to);
  }
  gramianChunk(fixed: Float32Array, from: number, to: number, dim: number): Float64Array {
    return gramian(fixed.subarray(from * dim, to * dim), to - from, dim);
  }
}

/** The engine a spec describes (on the calling thread). */
export function makeEngine(spec: EngineSpec): RowEngine {
  return spec.kind === 'js' ? new JsRowEngine() : new WasmRowEngine(spec.memory, spec.region);
}

function gramianJobs(rows: number): { from: number; to: number }[] {
  const jobs: { from: number; to: number }[] = [];
  for (let from = 0; from < rows; from += GRAMIAN_CHUNK) {
    jobs.push({ from, to: Math.min(rows, from + GRAMIAN_CHUNK) });
  }
  return jobs;
}

function sumParts(parts: Float64Array[], dim: number): Float64Array {
  const g = new Float64Array(dim * dim);
  for (const part of parts) for (let k = 0; k < g.length; k++) g[k]! += part[k]!;
  return g;
}

/** Solves half-sweeps on the calling thread with `engine`. */
export function inlineRunner(engine: RowEngine = new JsRowEngine()): SweepRunner {
  return {
    async solve(sweep, _side, onRows) {
      const parts = gramianJobs(sweep.numFixed).map((j) =>
        engine.gramianChunk(sweep.fixed, j.from, j.to, sweep.dim),
      );
      sweep.gramian = sumParts(parts, sweep.dim);
      engine.setSweep(sweep);
      const rows = sweep.rows.indptr.length - 1;
      for (let from = 0; from < rows; from += ROW_CHUNK) {
        const to = Math.min(rows, from + ROW_CHUNK);
        engine.solveRows(from, to);
        onRows(to);
      }
    },
    async gramian(fixed, rows, dim) {
      return sumParts(
        gramianJobs(rows).map((j) => engine.gramianChunk(fixed, j.from, j.to, dim)),
        dim,
      );
    },
    dispose() {},
  };
}

/** A Float32Array/Int32Array copy backed by a SharedArrayBuffer (workers see the same memory). */
export function shared<T extends Float32Array | Int32Array>(a: T): T {
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/**
 * A runner over `threads` workers, or the inline runner when threads ≤ 1 or workers fail to
 * start (`onFallback` gets the reason). All arrays of the sweeps it runs must be SAB-backed.
 *
 * @example
 * const runner = await createPoolRunner(2, (why) => log.warn('mf.threads', { why }));
 */
export async function createPoolRunner(
  threads: number,
  onFallback?: (why: string) => void,
  specFor: (thread: number) => EngineSpec = () => ({ kind: 'js' }),
): Promise<SweepRunner> {
  // Thread index `threads` is the calling thread's own engine, used when there is no pool.
  if (threads <= 1) return inlineRunner(makeEngine(specFor(threads)));
  const workers: Worker[] = [];
  try {
    for (let t = 0; t < threads; t++) {
      const w = await startWorker();
      w.postMessage({ type: 'init', spec: specFor(t) } satisfies WorkerRequest);
      workers.push(w);
    }
  } catch (error) {
    for (const w of workers) void w.terminate();
    onFallback?.(error instanceof Error ? error.message : String(error));
    return inlineRunner(makeEngine(specFor(threads)));
  }
  return {
    async solve(sweep, _side, onRows) {
      for (const a of [sweep.fixed, sweep.solved, sweep.rows.indices, sweep.rows.confidence]) {
        if (!(a.buffer instanceof SharedArrayBuffer))
          throw new Error('pooled iALS needs SharedArrayBuffer-backed arrays');
      }
      sweep.gramian = await poolGramian(workers, sweep.fixed, sweep.numFixed, sweep.dim);
      for (const w of workers) w.postMessage({ type: 'sweep', sweep } satisfies WorkerRequest);
      const rows = sweep.rows.indptr.length - 1;
      const chunks: WorkerRequest[] = [];
      for (let from = 0; from < rows; from += ROW_CHUNK) {
        chunks.push({ type: 'rows', from, to: Math.min(rows, from + ROW_CHUNK) });
      }
      let done = 0;
      await drain(workers, chunks, (reply) => {
        if (reply.type !== 'rows') return;
        done += reply.to - reply.from;
        onRows(done);
      });
    },
    gramian: (fixed, rows, dim) => poolGramian(workers, fixed, rows, dim),
    dispose() {
      for (const w of workers) void w.terminate();
    },
  };
}

async function poolGramian(
  workers: Worker[],
  fixed: Float32Array,
  rows: number,
  dim: number,
): Promise<Float64Array> {
  const parts: Float64Array[] = [];
  const chunks: WorkerRequest[] = gramianJobs(rows).map(({ from, to }, chunk) => ({
    type: 'gramian',
    chunk,
    fixed,
    from,
    to,
    dim,
  }));
  await drain(workers, chunks, (reply) => {
    if (reply.type === 'gramian') parts[reply.chunk] = reply.g;
  });
  return sumParts(parts, dim);
}

/** Hands `jobs` to idle workers until all are answered; rejects on the first worker error. */
function drain(workers: Worker[], jobs: WorkerRequest[], onReply: (r: WorkerReply) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let pending = 0;
    const cleanups: (() => void)[] = [];
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      for (const c of cleanups) c();
      if (error) reject(error);
      else resolve();
    };
    const feed = (w: Worker) => {
      if (next < jobs.length) {
        pending++;
        w.postMessage(jobs[next++]);
      } else if (pending === 0) finish();
    };
    for (const w of workers) {
      // Referenced only while work is out, so an idle pool never keeps the process alive.
      w.ref();
      const onMessage = (reply: WorkerReply) => {
        if (reply.type === 'error') return finish(new Error(`iALS worker failed: ${reply.message}`));
        pending--;
        onReply(reply);
        feed(w);
      };
      const onError = (error: Error) => finish(error);
      const onExit = (code: number) => finish(new Error(`iALS worker exited (code ${code})`));
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      cleanups.push(() => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
      });
    }
    if (jobs.length === 0) return finish();
    for (const w of workers) feed(w);
  });
}

function startWorker(): Promise<Worker> {
  const url = new URL('./solve-worker.ts', import.meta.url).href;
  // Plain-JS bootstrap: register tsx in the worker, then load the TypeScript worker module.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  const worker = new Worker(boot, { eval: true });
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerReply) => {
      if (m.type !== 'ready') return;
      worker.off('error', onError);
      worker.off('message', onMessage);
      // Errors are handled by whoever is waiting on the worker (drain); this keeps a late error
      // from crashing the process while the pool is idle.
      worker.on('error', () => {});
      worker.unref();
      resolve(worker);
    };
    const onError = (error: Error) => {
      void worker.terminate();
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
}
