/**
 * Worker-thread side of worker-boot.ts: answers each request with `{ type: 'done', …result }`
 * or `{ type: 'error', message }`, after saying `{ type: 'ready' }`.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from './worker-boot.ts';

/**
 * Serves requests with `handle` when running as a worker thread (does nothing otherwise).
 *
 * @example
 * serveRequests((m: AssignRequest) => { probeAssign(…); return {}; });
 */
export function serveRequests<Req, Res extends object>(handle: (request: Req) => Res): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (m: Req) => {
    try {
      port.postMessage({ type: 'done', ...handle(m) } satisfies WorkerReply<Res>);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ type: 'error', message } satisfies WorkerReply);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}
