/**
 * `npm run demo` stops its whole process tree: after SIGTERM to npm alone (a process manager),
 * or Ctrl-C (SIGINT to the terminal's foreground group) while wrangler is still starting, no
 * process of wrangler's group survives and the port is free again — before, wrangler and
 * workerd kept serving it, and a later `--smoke` passed against the stale server.
 *
 * Each demo runs in a process group of its own (detached), as a shell gives a foreground job.
 * Port 18231 (this engineer's range, 18200–18299).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupAlive } from '../../../infra/local/wrangler-dev.ts';

const PORT = 18231;
const SHAPE = [
  '--items',
  '150',
  '--users',
  '80',
  '--events',
  '3000',
  '--factors',
  '8',
  // The shutdown is under test, not the generator: the seconds-long GAN preset.
  '--gan-preset',
  'tiny',
  '--port',
  String(PORT),
];
let dir: string;
const started: ChildProcess[] = [];
/** Wrangler runs in a process group of its own: a test that failed half-way must stop it too. */
const wranglerGroups = new Set<number>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-demo-'));
});
afterAll(async () => {
  for (const pgid of [...started.map((child) => child.pid as number), ...wranglerGroups]) {
    try {
      process.kill(-pgid, 'SIGKILL'); // only if a test failed half-way
    } catch {
      // gone, as it should be
    }
  }
  await rm(dir, { recursive: true, force: true });
});

/** Starts `npm run demo` in its own process group; resolves with it once `until` is printed. */
function demo(until: RegExp): Promise<{ child: ChildProcess; output: () => string; wranglerPid: number }> {
  const child = spawn('npm', ['run', 'demo', '--', '--dir', dir, ...SHAPE], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not print ${until}:\n${text}`)), 240_000);
    const seen = (chunk: Buffer) => {
      text += chunk.toString();
      const pid = Number(/wrangler-pid (\d+)/.exec(text)?.[1] ?? Number.NaN);
      if (Number.isInteger(pid)) wranglerGroups.add(pid);
      if (until.test(text)) {
        clearTimeout(timer);
        resolve({ child, output: () => text, wranglerPid: pid });
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`demo exited (${code}) early:\n${text}`)));
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function eventually(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

describe('npm run demo shutdown', () => {
  it('SIGTERM to npm alone stops wrangler and workerd and frees the port', { timeout: 300_000 }, async () => {
    const { child, wranglerPid } = await demo(/Ctrl-C stops the Workers/);
    expect(Number.isInteger(wranglerPid)).toBe(true);
    expect(await portFree(PORT)).toBe(false); // serving
    process.kill(child.pid as number, 'SIGTERM');
    await exited(child);
    expect(await eventually(() => !groupAlive(wranglerPid))).toBe(true);
    expect(await eventually(() => portFree(PORT))).toBe(true);
  });

  it('Ctrl-C while wrangler is still starting stops it too', { timeout: 300_000 }, async () => {
    const { child, wranglerPid } = await demo(/wrangler-pid \d+/);
    process.kill(-(child.pid as number), 'SIGINT'); // what a terminal does on Ctrl-C
    await exited(child);
    expect(await eventually(() => !groupAlive(wranglerPid))).toBe(true);
    expect(await eventually(() => portFree(PORT))).toBe(true);
  });
});
