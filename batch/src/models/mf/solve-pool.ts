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

const ROW_CHUNK = 2048;
const GRAMIAN_CHUNK = 65_536;

/** YᵀY summed over fixed 65,536-row chunks in order (identical for every thread count). */
export function chunkedGramian(fixed: Float32Array, rows: number, dim: number): Float64Array {
  const g = new Float64Array(dim * dim);
  for (let from = 0; from < rows; from += GRAMIAN_CHUNK) {
    const to = Math.min(rows, from + GRAMIAN_CHUNK);
    const part = gramian(fixed.subarray(from * dim, to * dim), to - from, dim);
    for (let k = 0; k < g.length; k++) g[k]! += part[k]!;
  }
  return g;
}

/** Solves a half-sweep on the calling thread. */
export const inlineRunner: SweepRunner = {
  async solve(sweep, _side, onRows) {
    sweep.gramian = chunkedGramian(sweep.fixed, sweep.numFixed, sweep.dim);
    const rows = sweep.rows.indptr.length - 1;
    for (let from = 0; from < rows; from += ROW_CHUNK) {
      const to = Math.min(rows, from + ROW_CHUNK);
      solveRowsJs(sweep, from, to);
      onRows(to);
    }
  },
  dispose() {},
};

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
): Promise<SweepRunner> {
  if (threads <= 1) return inlineRunner;
  const workers: Worker[] = [];
  try {
    for (let t = 0; t < threads; t++) workers.push(await startWorker());
  } catch (error) {
    for (const w of workers) void w.terminate();
    onFallback?.(error instanceof Error ? error.message : String(error));
    return inlineRunner;
  }
  return {
    async solve(sweep, _side, onRows) {
      for (const a of [sweep.fixed, sweep.solved, sweep.rows.indices, sweep.rows.confidence]) {
        if (!(a.buffer instanceof SharedArrayBuffer))
          throw new Error('pooled iALS needs SharedArrayBuffer-backed arrays');
      }
      sweep.gramian = await poolGramian(workers, sweep);
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
    dispose() {
      for (const w of workers) void w.terminate();
    },
  };
}

async function poolGramian(workers: Worker[], sweep: HalfSweep): Promise<Float64Array> {
  const parts: Float64Array[] = [];
  const chunks: WorkerRequest[] = [];
  for (let from = 0, chunk = 0; from < sweep.numFixed; from += GRAMIAN_CHUNK, chunk++) {
    const to = Math.min(sweep.numFixed, from + GRAMIAN_CHUNK);
    chunks.push({ type: 'gramian', chunk, fixed: sweep.fixed, from, to, dim: sweep.dim });
  }
  await drain(workers, chunks, (reply) => {
    if (reply.type === 'gramian') parts[reply.chunk] = reply.g;
  });
  const g = new Float64Array(sweep.dim * sweep.dim);
  for (const part of parts) for (let k = 0; k < g.length; k++) g[k]! += part[k]!;
  return g;
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
