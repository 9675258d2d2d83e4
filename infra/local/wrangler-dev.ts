/**
 * Runs `wrangler dev` for the recommend Worker on 127.0.0.1 and stops it again. Started from
 * node_modules/.bin/wrangler (not npx, whose parent would outlive a kill) in its own process
 * group, so stopping it by its PID's group also stops the workerd child it spawns.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export interface DevServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface DevOptions {
  port: number;
  persistTo: string;
  /**
   * One config, or several: the first Worker is served on `port`, the others run in the same
   * workerd and are reached through its service bindings (wrangler's multi-config dev).
   */
  configPath: string | readonly string[];
  /** Extra `--var NAME:value` pairs. */
  vars?: Record<string, string>;
  /** Where wrangler's output goes (default: discarded, kept for the error message). */
  onOutput?: (chunk: string) => void;
  /**
   * `health` (default): resolve once `GET /v1/health` answers. `ready`: resolve when wrangler
   * prints "Ready on", without sending a request, so the caller's first request meets a cold
   * isolate (for measuring it).
   */
  waitFor?: 'health' | 'ready';
  /** Called as soon as wrangler is spawned, before it is ready: lets a caller stop it on a signal. */
  onSpawn?: (server: DevServer) => void;
  /**
   * A script already bundled by `bundleWorker`: run as is (`--no-bundle`), so edits to the
   * sources during a long benchmark cannot make wrangler rebuild and restart the Worker.
   */
  bundled?: string;
  /** An entry point other than the config's `main` (the demo runs edge/src/dev.ts). */
  script?: string;
}

const WRANGLER_ENV = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: '1' };

/**
 * Bundles the Worker of `configPath` the way a deploy would (`wrangler deploy --dry-run`) into
 * `outdir`; returns the path of the entry module.
 *
 * @example
 * const script = await bundleWorker('infra/bench/worker/wrangler.toml', 'var/bench-edge/bundle-bench');
 */
export async function bundleWorker(configPath: string, outdir: string): Promise<string> {
  // Absolute: wrangler resolves a relative --outdir against the config's folder for the bundle.
  const out = resolve(outdir);
  await promisify(execFile)(
    'node_modules/.bin/wrangler',
    ['deploy', '--dry-run', '--config', configPath, '--outdir', out],
    {
      env: { ...process.env, ...WRANGLER_ENV },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return join(out, 'index.js');
}

/** True while any process of group `pgid` is alive (signal 0 tests without signalling). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * SIGTERM to wrangler's whole process group, then SIGKILL to whatever of it is still alive after
 * `graceMs`. Waits for the group to be empty, not for wrangler alone: wrangler can exit before
 * its workerd children, which would keep serving the port.
 */
async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  while (groupAlive(pgid)) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Last resort on exit of this process (any path, including an uncaught error): synchronous, so
 * it runs inside a process 'exit' handler.
 */
export function killGroupNow(pid: number): void {
  signalGroup(pid, 'SIGKILL');
}

/**
 * Starts wrangler dev and resolves once it is ready (see `DevOptions.waitFor`), or rejects
 * after `timeoutMs` with wrangler's last output.
 *
 * @example
 * const dev = await startWranglerDev({ port: 8787, persistTo: '.vitrine/demo/wrangler-state', configPath: 'wrangler.toml' });
 * await dev.stop();
 */
export async function startWranglerDev(options: DevOptions, timeoutMs = 120_000): Promise<DevServer> {
  const args = [
    'dev',
    ...(options.script === undefined ? [] : [options.script]),
    ...(options.bundled === undefined ? [] : [options.bundled, '--no-bundle']),
    ...[options.configPath].flat().flatMap((config) => ['--config', config]),
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--persist-to',
    options.persistTo,
    '--show-interactive-dev-session=false',
    ...Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  const child = spawn('node_modules/.bin/wrangler', args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...WRANGLER_ENV },
  });
  let tail = '';
  let ready = false;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    ready ||= /Ready on http/.test(tail.slice(-200) + text);
    tail = (tail + text).slice(-4000);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${options.port}`;
  const server: DevServer = { url, pid: child.pid as number, stop: () => stopGroup(child) };
  options.onSpawn?.(server);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${tail}`);
    if (options.waitFor === 'ready') {
      if (ready) return server;
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    try {
      const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await server.stop();
  throw new Error(`wrangler dev did not answer within ${timeoutMs / 1000} s:\n${tail}`);
}
