/**
 * Starts a TypeScript module of this folder as a worker thread. Workers load TypeScript through
 * tsx's register API (the CLI and benches run under tsx; Node 20 workers do not inherit the
 * parent's loader). The module posts `{ type: 'ready' }` once it listens, then answers each
 * request with `{ type: 'done', … }` or `{ type: 'error', message }`.
 */
import { Worker } from 'node:worker_threads';

/**
 * Resolves with the worker once it said it is ready; rejects if it fails or exits first.
 *
 * @example
 * const worker = await startTsWorker(new URL('./assign-worker.ts', import.meta.url));
 */
export function startTsWorker(url: URL): Promise<Worker> {
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  const worker = new Worker(boot, { eval: true });
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('error', failed);
      worker.off('exit', exited);
      worker.off('message', ready);
    };
    const ready = (m: { type?: string }) => {
      cleanup();
      if (m.type === 'ready') resolve(worker);
      else reject(new Error(`worker ${url.pathname} did not start: ${JSON.stringify(m)}`));
    };
    const failed = (error: Error) => {
      cleanup();
      reject(error);
    };
    const exited = (code: number) => failed(new Error(`worker ${url.pathname} exited (code ${code})`));
    worker.on('error', failed);
    worker.on('exit', exited);
    worker.on('message', ready);
  });
}

/** A worker's answer to one request. */
export type WorkerReply<T = object> =
  | { type: 'ready' }
  | ({ type: 'done' } & T)
  | { type: 'error'; message: string };

/**
 * Sends one request and resolves with the `done` reply; rejects on an error reply, an error
 * event or an early exit.
 *
 * @example
 * const reply = await ask<{ nprobe: number }>(worker, request);
 */
export function ask<T = object>(worker: Worker, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (m: WorkerReply<T>) => {
      cleanup();
      if (m.type === 'done') resolve(m);
      else reject(new Error(`worker failed: ${m.type === 'error' ? m.message : m.type}`));
    };
    const failed = (error: Error) => {
      cleanup();
      reject(error);
    };
    const exited = (code: number) => failed(new Error(`worker exited (code ${code})`));
    const cleanup = () => {
      worker.off('message', done);
      worker.off('error', failed);
      worker.off('exit', exited);
    };
    worker.on('message', done);
    worker.on('error', failed);
    worker.on('exit', exited);
    worker.postMessage(request);
  });
}
