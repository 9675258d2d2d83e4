/**
 * Worker-thread side of the typed-array iALS solver (solve-pool.ts): solves the row ranges and
 * partial Gramians it is sent. Factor matrices and CSR arrays arrive backed by
 * SharedArrayBuffers, so rows are written in place and nothing large is copied per message.
 */
import { parentPort } from 'node:worker_threads';
import type { HalfSweep } from './half-sweep.ts';
import { type EngineSpec, makeEngine, type RowEngine } from './solve-pool.ts';

export type WorkerRequest =
  | { type: 'init'; spec: EngineSpec }
  | { type: 'sweep'; sweep: HalfSweep }
  | { type: 'rows'; from: number; to: number }
  | { type: 'gramian'; chunk: number; fixed: Float32Array; from: number; to: number; dim: number };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'rows'; from: number; to: number }
  | { type: 'gramian'; chunk: number; g: Float64Array }
  | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  let engine: RowEngine | undefined;
  const reply = (m: WorkerReply) => port.postMessage(m);
  port.on('message', (m: WorkerRequest) => {
    try {
      if (m.type === 'init') {
        engine = makeEngine(m.spec);
        return;
      }
      if (!engine) throw new Error('work sent before the worker was initialised');
      if (m.type === 'sweep') {
        engine.setSweep(m.sweep);
      } else if (m.type === 'rows') {
        engine.solveRows(m.from, m.to);
        reply({ type: 'rows', from: m.from, to: m.to });
      } else {
        reply({ type: 'gramian', chunk: m.chunk, g: engine.gramianChunk(m.fixed, m.from, m.to, m.dim) });
      }
    } catch (error) {
      reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  });
  reply({ type: 'ready' });
}
