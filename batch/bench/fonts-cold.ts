/**
 * `npx tsx batch/bench/fonts-cold.ts [--runs 7] [--tree DIR]`: what the bundled Inter subsets cost
 * a cold banner engine, in fresh Node processes (the engine code workerd runs, without workerd's
 * start-up): opening the engine (resvg's wasm + the faces it unwraps at start), the first Latin
 * banner (PNG), then the first Cyrillic, Greek and Vietnamese ones (their subset unwrapped on the
 * way) and a second Cyrillic title (subset already open). `--tree` runs another checkout's code
 * (e.g. /work/main) for a before/after comparison. Prints medians (ms) as JSON.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** One fresh process: times each step once, prints them. */
const CHILD = `
const { DEFAULT_BRAND_KIT, renderBanner } = await import(process.env.TREE + '/shared/src/creatives/index.ts');
const { nodeBannerEngine } = await import(process.env.TREE + '/batch/src/creatives/index.ts');
const spec = { size: 'medium-rectangle', template: 'classic', kit: DEFAULT_BRAND_KIT, picture: undefined };
const copy = (title) => ({ title, brand: 'Maison', price: '€135.99', cta: 'Shop now' });
const out = {};
let t = performance.now();
const lap = (name) => { const now = performance.now(); out[name] = now - t; t = now; };
const engine = await nodeBannerEngine(); lap('open');
await renderBanner(engine, { ...spec, copy: copy('Linen wrap dress') }, 'png'); lap('latin');
await renderBanner(engine, { ...spec, copy: copy('Платье из льна') }, 'png'); lap('cyrillic');
await renderBanner(engine, { ...spec, copy: copy('Φόρεμα από λινό') }, 'png'); lap('greek');
await renderBanner(engine, { ...spec, copy: copy('Áo dài lụa Việt') }, 'png'); lap('vietnamese');
await renderBanner(engine, { ...spec, copy: copy('Рубашка') }, 'png'); lap('cyrillicAgain');
console.log(JSON.stringify(out));
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const tree = resolve(arg('tree') ?? resolve(import.meta.dirname, '../..'));
const runs = Number(arg('runs') ?? 7);
const samples: Record<string, number>[] = [];
for (let i = 0; i < runs; i++) {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: tree,
    env: { ...process.env, TREE: tree },
    encoding: 'utf8',
  });
  samples.push(JSON.parse(stdout.trim().split('\n').at(-1) as string));
}
const keys = Object.keys(samples[0] ?? {});
const medians = Object.fromEntries(
  keys.map((k) => [k, Math.round(median(samples.map((s) => s[k] ?? 0)) * 10) / 10]),
);
console.log(JSON.stringify({ tree, runs, medians }));
