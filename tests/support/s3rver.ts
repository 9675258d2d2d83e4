/**
 * A real S3-protocol server on 127.0.0.1 for tests: s3rver in a child process on a random free
 * port, backed by a temp directory, with one bucket created. Shared by the storage contract
 * tests and the publish tests.
 *
 * It runs in its own process (tests/support/s3rver-process.mjs) because s3rver's list
 * pagination needs OpenSSL's legacy provider, which can only be enabled at process start; it also
 * keeps the server's logging and CPU out of the test worker.
 *
 * Known gaps of s3rver compared with S3/R2: it writes objects in place, so concurrent PUTs of one
 * key with bodies larger than a socket read can interleave (real PUTs are atomic), and it does not
 * verify SigV4 signatures (only that the access key id is S3RVER).
 *
 * @example
 * const s3 = await startS3rver();
 * const store = openStore(s3.uri('models'));  // s3://vitrine/models?endpoint=…
 * await s3.stop();
 * // or, for a whole test file or describe block:
 * const s3 = useS3rver();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export interface S3rverHandle {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  /** A store URI for `openStore`, with endpoint, path-style and s3rver's fixed dummy credentials. */
  uri(prefix?: string): string;
  /** Stops the server process and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const BUCKET = 'vitrine';
const SCRIPT = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));

/** Resolves with the port the child prints, or rejects with its stderr if it exits first. */
function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${errors}`)));
  });
}

/** Starts s3rver; call `stop()` in `afterAll`. */
export async function startS3rver(): Promise<S3rverHandle> {
  const directory = await mkdtemp(join(tmpdir(), 'vitrine-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', SCRIPT, directory, BUCKET], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let port: number;
  try {
    port = await waitForPort(child);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    bucket: BUCKET,
    uri(prefix = '') {
      // S3RVER/S3RVER are s3rver's built-in public test credentials, not secrets.
      const query = `endpoint=${endpoint}&region=us-east-1&pathStyle=true&accessKeyId=S3RVER&secretAccessKey=S3RVER`;
      return `s3://${BUCKET}/${prefix}?${query}`;
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
        await rm(directory, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * One server for the enclosing test file or `describe` block: started before its tests, stopped
 * after them. The handle is usable inside tests (it throws before the server has started).
 */
export function useS3rver(): S3rverHandle {
  let handle: S3rverHandle | undefined;
  beforeAll(async () => {
    handle = await startS3rver();
  });
  afterAll(() => handle?.stop());
  const started = (): S3rverHandle => {
    if (handle === undefined) throw new Error('useS3rver: use the server inside a test');
    return handle;
  };
  return {
    get endpoint() {
      return started().endpoint;
    },
    bucket: BUCKET,
    uri: (prefix) => started().uri(prefix),
    stop: () => started().stop(),
  };
}
