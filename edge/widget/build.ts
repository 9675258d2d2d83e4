/**
 * Builds widget.js: esbuild bundles edge/widget/src into one minified IIFE (no imports at run
 * time, ES2020 for the browsers shops still see) and writes it as the text module that the
 * recommend Worker imports and serves at `GET /widget.js`. Run by wrangler (`[build]` in
 * wrangler.toml) before dev/deploy, and by the edge tests' global setup.
 *
 *   npx tsx edge/widget/build.ts          # prints raw and gzip sizes
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where the Worker imports the bundle from (git-ignored). */
export const WIDGET_OUTPUT = join(HERE, 'dist', 'vitrine-recs.js.txt');

export interface WidgetBuild {
  path: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Bundles and writes the widget; returns its sizes.
 *
 * @example
 * const { bytes, gzipBytes } = await buildWidget();
 */
export async function buildWidget(): Promise<WidgetBuild> {
  const result = await build({
    entryPoints: [join(HERE, 'src', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]?.contents;
  if (js === undefined) throw new Error('esbuild produced no output');
  await mkdir(dirname(WIDGET_OUTPUT), { recursive: true });
  await writeFile(WIDGET_OUTPUT, js);
  return { path: WIDGET_OUTPUT, bytes: js.byteLength, gzipBytes: gzipSync(js, { level: 9 }).byteLength };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { path, bytes, gzipBytes } = await buildWidget();
  console.log(`widget: ${path} ${bytes} B raw, ${gzipBytes} B gzip`);
}
