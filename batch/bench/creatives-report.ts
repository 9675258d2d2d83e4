/**
 * The markdown of `npm run bench:creatives` and its section of docs/benchmarks.md (between
 * markers, so re-runs replace it and leave the other benchmarks alone).
 */
import type { BundleSize } from './creatives-bundles.ts';
import type { ServingTimes } from './creatives-workerd.ts';
import { writeSection } from './docs-section.ts';

export interface CreativesReport {
  n: number;
  rounds: number;
  requests: number;
  colds: number;
  load: number;
  models: {
    preset: string;
    zDim: number;
    width: number;
    onnxBytes: number;
    createMs: number;
    /** Median over rounds of the mean ms per image. */
    workerd: number;
    native: number;
    webNode: number;
    /** workerd / native per round. */
    ratios: number[];
    /** Fastest workerd round / fastest native round (the least disturbed by other jobs). */
    bestRatio: number;
    /** Per size: mean (precise) and median (1 ms clock) ms per banner in workerd. */
    composeWorkerd: Record<string, { mean: number; p50: number; min: number }>;
    /** PNG bytes of the workerd banners (drawn from the generator's last image). */
    pngBytes: Record<string, number>;
  }[];
  /** Per size: median ms of each render phase in Node, and the PNG's byte size. */
  composeNode: Record<
    string,
    { pictureMs: number; svgMs: number; pngMs: number; totalMs: number; minMs: number; bytes: number }
  >;
  serving: ServingTimes[];
  bundles: (BundleSize | { worker: string; error: string })[];
}

const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kib = (b: number) => (b / 1024).toFixed(1);

function bundleRows(r: CreativesReport): string[] {
  const limit: Record<string, string> = { recommend: '≤ 100 KiB', creative: '≤ 10240 KiB (paid plan)' };
  const rows = [
    '| Worker | files | raw KiB | gzip KiB | target (gzip) | wrangler |',
    '|---|---|---:|---:|---|---|',
  ];
  for (const b of r.bundles) {
    if ('error' in b) {
      rows.push(`| ${b.worker} | build failed: ${b.error} | | | ${limit[b.worker]} | |`);
      continue;
    }
    const files = b.files
      .map((f) => `${f.name.replace(/^[0-9a-f]{40}-/, '')} (${kib(f.gzipBytes)} gz)`)
      .join(', ');
    rows.push(
      `| ${b.worker} | ${files} | ${kib(b.bytes)} | ${kib(b.gzipBytes)} | ${limit[b.worker]} | ${b.wranglerTotal} |`,
    );
  }
  return rows;
}

/** Renders the section, writes it into docs/benchmarks.md and returns it. */
export async function writeCreativesSection(r: CreativesReport): Promise<string> {
  const lines = [
    '## Creative Worker: generator in workerd vs native, banners, cold start, bundles',
    '',
    `Command: \`npm run bench:creatives -- --n ${r.n} --rounds ${r.rounds} --requests ${r.requests} --cold ${r.colds}\`.`,
    `Machine: 2 cores, no GPU, Node ${process.versions.node}, wrangler 4.86 local workerd. Date: ${new Date().toISOString().slice(0, 10)}.`,
    `CPU load average at start: ${r.load.toFixed(1)} — other engineers' jobs share these 2 cores, so absolute`,
    'times are inflated and noisy; the ratios (measured back to back on the same inputs) are the point.',
    `Data: H4a's generator architectures with seeded random weights, exported by our ONNX exporter; batch 1,`,
    `every runtime single-threaded, same inputs (category i mod 10, seed i). ${r.rounds} rounds of ${r.n} runs after a warm-up`,
    'round, the runtimes interleaved within each round; the table shows the median round (ratio: per round),',
    "and the ratio of each runtime's fastest round (other jobs only ever add time, so that is the least disturbed one).",
    'Every runtime loads the same `ort-wasm-simd-threaded.wasm` (ORT-web) or native MLAS (onnxruntime-node) with',
    "graphOptimizationLevel 'all', sequential execution, 1 intra-op thread (edge/creative/generator/backend.ts, batch/src/runtime/ort.ts).",
    "workerd numbers come from edge/creative/bench/worker.ts, which loops the Worker's own generator and",
    "banner code inside one request (workerd's clock has 1 ms resolution).",
    '',
    '**Generator, ms per image (batch 1, warm)**',
    '',
    '| architecture | ONNX KiB | workerd (ORT-web WASM) | onnxruntime-node (native) | ORT-web in Node | workerd / native (median, range) | fastest rounds | session create in workerd (ms) |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const m of r.models) {
    const ratio = med(m.ratios);
    const range = `${Math.min(...m.ratios).toFixed(2)}–${Math.max(...m.ratios).toFixed(2)}`;
    lines.push(
      `| ${m.preset} (z ${m.zDim}, channels ${2 * m.width}/${m.width}) | ${kib(m.onnxBytes)} | ${m.workerd.toFixed(3)} | ${m.native.toFixed(3)} | ${m.webNode.toFixed(3)} | ${ratio.toFixed(2)}× (${range}) ${ratio <= 3 ? '≤ 3×: met' : '> 3×: missed'} | ${m.bestRatio.toFixed(2)}× | ${m.createMs} |`,
    );
  }
  const sizes = Object.keys(r.composeNode);
  lines.push(
    '',
    '**Banner render (picture: tint + Lanczos-3 resample + PNG data URL; satori layout → SVG; resvg → PNG), ms per banner, and PNG bytes**',
    '',
    `| where | ${sizes.join(' | ')} |`,
    `|---|${sizes.map(() => '---:').join('|')}|`,
  );
  const demo = r.models[0]!;
  const node = (s: string) => r.composeNode[s]!;
  const row = (label: string, cell: (s: string) => string) => `| ${label} | ${sizes.map(cell).join(' | ')} |`;
  const warmP50 = Math.max(...sizes.map((s) => demo.composeWorkerd[s]!.p50));
  const warmMin = Math.max(...sizes.map((s) => demo.composeWorkerd[s]!.min));
  lines.push(
    row('workerd: whole banner, p50 / fastest (1 ms clock) / mean', (s) => {
      const w = demo.composeWorkerd[s]!;
      return `${w.p50.toFixed(0)} / ${w.min.toFixed(0)} / ${w.mean.toFixed(2)} ms, ${demo.pngBytes[s]} B`;
    }),
    row('Node: picture', (s) => `${node(s).pictureMs.toFixed(2)} ms`),
    row('Node: satori (layout + glyph paths)', (s) => `${node(s).svgMs.toFixed(2)} ms`),
    row('Node: resvg (rasterise + PNG)', (s) => `${node(s).pngMs.toFixed(2)} ms`),
    row('Node: whole banner, p50 / fastest', (s) => {
      const n = node(s);
      return `${n.totalMs.toFixed(2)} / ${n.minMs.toFixed(2)} ms, ${n.bytes} B`;
    }),
    '',
    `Warm banner budget ≤ 15 ms p50 in workerd: worst size p50 ${warmP50.toFixed(0)} ms (${warmP50 <= 15 ? 'met' : 'missed'} at this load), fastest ${warmMin.toFixed(0)} ms.`,
    'All rows draw a demo-generator image (random weights) on the default brand kit, `classic` template.',
  );

  const starts = r.serving.map((s) => s.startMs);
  const firsts = r.serving.map((s) => s.firstRequestMs);
  const warm = r.serving.flatMap((s) => s.warmRequestMs);
  lines.push(
    '',
    `**Real Worker (infra/creative.wrangler.toml, demo generator, local R2; colo cache off so every request draws), ${r.colds} starts**`,
    '',
    '| measure | median | runs |',
    '|---|---:|---|',
    `| wrangler start (bundle + workerd boot, incl. compiling the 14 MB ORT + 2.4 MB resvg wasm) | ${med(starts).toFixed(0)} ms | ${starts.map((x) => x.toFixed(0)).join(', ')} |`,
    `| first request (cold isolate: manifest, ORT init, session, draw, banner engine init, render) | ${med(firsts).toFixed(0)} ms | ${firsts.map((x) => x.toFixed(0)).join(', ')} ${med(firsts) <= 1000 ? '(≤ 1 s: met)' : '(> 1 s: missed)'} |`,
    `| warm request, medium-rectangle, end to end over HTTP | ${med(warm).toFixed(1)} ms | p90 ${[...warm].sort((a, b) => a - b)[Math.floor(warm.length * 0.9)]!.toFixed(1)} ms over ${warm.length} |`,
    '',
    `Server-Timing (in-Worker phases, ms clock) of the first requests: ${r.serving.map((s) => `\`${s.firstServerTiming}\``).join('; ')};`,
    `of the last warm request: \`${r.serving.at(-1)?.serverTiming ?? ''}\`. wrangler's \`ready\` resolves before workerd has`,
    'finished loading the script, so part of the start-up lands in the first request: start + first request is the cold time.',
    '',
    '**Bundles (`wrangler deploy --dry-run --outdir var/bench/bundles/<worker>`)**',
    '',
    ...bundleRows(r),
  );
  const text = lines.join('\n');
  await writeSection('creatives', text);
  return text;
}
