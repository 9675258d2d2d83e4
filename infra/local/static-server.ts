/**
 * A read-only static HTTP server over a store directory on 127.0.0.1: the "CDN-hosted bucket"
 * origin (`BLOB_ORIGIN=http://…/`) for the edge tests and `bench:edge`, and the way published
 * blobs reach workerd, which cannot read our disk.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `root` at `http://127.0.0.1:<free port>/`; `..` and absolute paths are refused.
 *
 * @example
 * const server = await serveDirectory('/tmp/store'); // server.url === 'http://127.0.0.1:40123/'
 */
export async function serveDirectory(root: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    const safe = normalize(path);
    if (req.method !== 'GET' || safe.startsWith('..') || safe.startsWith('/')) {
      res.writeHead(400).end();
      return;
    }
    readFile(join(root, safe)).then(
      (bytes) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
