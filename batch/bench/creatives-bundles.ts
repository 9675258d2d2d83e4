/**
 * Deployable bundle sizes of both Workers: `wrangler deploy --dry-run --outdir` (what an upload
 * would send), raw and gzip — the limits Cloudflare applies are on the compressed upload.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BundleSize {
  worker: string;
  files: { name: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
  /** wrangler's own "Total Upload: … / gzip: …" line. */
  wranglerTotal: string;
}

/** Builds the Worker of `config` (relative to the repo root) into `var/bench/bundles/<worker>`. */
export async function bundleSize(
  worker: string,
  config: string,
): Promise<BundleSize | { worker: string; error: string }> {
  const outdir = join(ROOT, 'var/bench/bundles', worker);
  await rm(outdir, { recursive: true, force: true });
  const wrangler = join(ROOT, 'node_modules/.bin/wrangler');
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
  let output: string;
  try {
    const args = ['deploy', '--dry-run', '--outdir', outdir, '-c', join(ROOT, config)];
    const { stdout, stderr } = await promisify(execFile)(wrangler, args, {
      cwd: ROOT,
      env,
      maxBuffer: 16 << 20,
    });
    output = stdout + stderr;
  } catch (error) {
    const out = error as { stdout?: string; stderr?: string };
    const why =
      `${out.stdout ?? ''}${out.stderr ?? ''}`.split('\n').find((l) => l.includes('ERROR')) ?? String(error);
    // Drop terminal colour codes (ESC [ … m) from wrangler's message.
    const plain = why.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    return { worker, error: plain.trim() };
  }
  const files: BundleSize['files'] = [];
  for (const name of await readdir(outdir)) {
    if (name.endsWith('.map') || name === 'README.md' || (await stat(join(outdir, name))).isDirectory())
      continue;
    const bytes = await readFile(join(outdir, name));
    files.push({ name, bytes: bytes.length, gzipBytes: gzipSync(bytes).length });
  }
  return {
    worker,
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    wranglerTotal: output.match(/Total Upload: [^\n]*/)?.[0] ?? 'n/a',
  };
}
