/**
 * Size of the recommend Worker as it would be uploaded: `wrangler deploy --dry-run --outdir`
 * as configured (wrangler.toml minifies) and, for comparison, with `--no-minify`; wrangler's
 * own "Total Upload … gzip" (every module, the budgeted figure) and our gzip -9 of the entry
 * module. Budget: 100 KiB gzip (the Worker must start fast; onnxruntime lives elsewhere).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  variant: 'as configured' | 'unminified';
  outdir: string;
  rawKiB: number;
  gzipKiB: number;
  /** wrangler's reported upload size (KiB, gzip), when it printed one. */
  wranglerGzipKiB: number | null;
}

const run = promisify(execFile);

/**
 * Dry-run deploys `configPath` into `var/bundle` (and `var/bundle-unminified`) and measures both.
 *
 * @example
 * const sizes = await bundleSizes('wrangler.toml');
 */
export async function bundleSizes(configPath: string): Promise<BundleSize[]> {
  const out: BundleSize[] = [];
  for (const variant of ['as configured', 'unminified'] as const) {
    const outdir = variant === 'as configured' ? 'var/bundle' : 'var/bundle-unminified';
    const args = [
      'deploy',
      '--dry-run',
      '--config',
      configPath,
      '--outdir',
      outdir,
      ...(variant === 'unminified' ? ['--no-minify'] : []),
    ];
    const { stdout, stderr } = await run('node_modules/.bin/wrangler', args, {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const reported = /Total Upload: [\d.]+ KiB \/ gzip: ([\d.]+) KiB/.exec(stdout + stderr);
    const bytes = await readFile(join(outdir, 'index.js'));
    out.push({
      variant,
      outdir,
      rawKiB: bytes.length / 1024,
      gzipKiB: gzipSync(bytes, { level: 9 }).length / 1024,
      wranglerGzipKiB: reported === null ? null : Number(reported[1]),
    });
  }
  return out;
}
