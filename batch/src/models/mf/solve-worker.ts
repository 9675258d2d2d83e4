/**
 * Worker-thread side of the typed-array iALS solver (solve-pool.ts): solves the row ranges and
 * partial Gramians it is sent. Factor matrices and CSR arrays arrive backed by
 * SharedArrayBuffers, so rows are written in place and nothing large is copied per message.
 */
import { parentPort } from 'node:worker_threads';
import type { HalfSweep } from './half-sweep.ts';
import { gramian } from './linalg.ts';
import { solveRowsJs } from './solve-js.ts';

export type WorkerRequest =
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
  let sweep: HalfSweep | undefined;
  const reply = (m: WorkerReply) => port.postMessage(m);
  port.on('message', (m: WorkerRequest) => {
    try {
      if (m.type === 'sweep') {
        sweep = m.sweep;
      } else if (m.type === 'rows') {
        if (!sweep) throw new Error('rows requested before a sweep was sent');
        solveRowsJs(sweep, m.from, m.to);
        reply({ type: 'rows', from: m.from, to: m.to });
      } else {
        const g = gramian(m.fixed.subarray(m.from * m.dim, m.to * m.dim), m.to - m.from, m.dim);
        reply({ type: 'gramian', chunk: m.chunk, g });
      }
    } catch (error) {
      reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  });
  reply({ type: 'ready' });
}
