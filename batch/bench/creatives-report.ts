/**
 * The markdown of `npm run bench:creatives` and its section of docs/benchmarks.md (between
 * markers, so re-runs replace it and leave the other benchmarks alone).
 */
import type { BundleSize } from './creatives-bundles.ts';
import { type ComposeTimes, median as med } from './creatives-generators.ts';
import type { NodeRender } from './creatives-node.ts';
import type { BaselineRun, ServingRun } from './creatives-serving.ts';
import { writeSection } from './docs-section.ts';

export interface CreativesReport {
  args: { n: number; rounds: number; banners: number; requests: number; colds: number };
  /** Load averages (1, 5, 15 min) before and after the run. */
  load: { before: number[]; after: number[] };
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
    /** Banner loops in workerd: one copy with new pictures, and a new title per banner. */
    composeSeeds: ComposeTimes;
    composeItems: ComposeTimes;
  }[];
  /** Per size: median ms of each render phase in Node, and the PNG's byte size. */
  composeNode: Record<string, NodeRender>;
  serving: ServingRun[];
  /** Cold starts of an empty Worker under the same harness. */
  baseline: BaselineRun[];
  bundles: (BundleSize | { worker: string; error: string })[];
}

const kib = (b: number) => (b / 1024).toFixed(1);
const loads = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? 0;

function header(r: CreativesReport): string[] {
  const a = r.args;
  return [
    '## Creative Worker: generator in workerd vs native, banners, cold start, bundles',
    '',
    `Command: \`npm run bench:creatives -- --n ${a.n} --rounds ${a.rounds} --banners ${a.banners} --requests ${a.requests} --cold ${a.colds}\`.`,
    `Machine: 2 cores, no GPU, Node ${process.versions.node}, wrangler 4.86 local workerd. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `Load average (1 / 5 / 15 min) before: ${loads(r.load.before)}, after: ${loads(r.load.after)}. On a shared machine other`,
    'jobs (at nice 19) add to wall times as the load says; the workerd CPU time per request',
    '(real-Worker tables) is what a request costs on an idle core.',
  ];
}

function generatorRows(r: CreativesReport): string[] {
  const lines = [
    '',
    `**Generator, ms per image (batch 1, warm).** ${r.args.rounds} rounds of ${r.args.n} runs after a warm-up round, runtimes interleaved`,
    'within a round; median round, and the ratio of the fastest rounds. Same ONNX file and inputs; ORT-web loads',
    "`ort-wasm-simd-threaded.wasm` on 1 thread, onnxruntime-node native MLAS on 1 thread, graphOptimizationLevel 'all'.",
    '',
    '| architecture | ONNX KiB | workerd (ORT-web WASM) | onnxruntime-node | ORT-web in Node | workerd / native (median, range) | fastest rounds | session create in workerd (ms) |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const m of r.models) {
    const ratio = med(m.ratios);
    const range = `${Math.min(...m.ratios).toFixed(2)}–${Math.max(...m.ratios).toFixed(2)}`;
    lines.push(
      `| ${m.preset} (z ${m.zDim}, channels ${2 * m.width}/${m.width}) | ${kib(m.onnxBytes)} | ${m.workerd.toFixed(3)} | ${m.native.toFixed(3)} | ${m.webNode.toFixed(3)} | ${ratio.toFixed(2)}× (${range}) ${ratio <= 3 ? '≤ 3×: met' : '> 3×: missed'} | ${m.bestRatio.toFixed(2)}× | ${m.createMs} |`,
    );
  }
  return lines;
}

function renderRows(r: CreativesReport): string[] {
  const demo = r.models[0]!;
  const sizes = Object.keys(r.composeNode);
  const row = (label: string, cell: (size: string) => string) =>
    `| ${label} | ${sizes.map(cell).join(' | ')} |`;
  const harness = (t: ComposeTimes) => (s: string) =>
    `${t[s]!.p50.toFixed(0)} / ${t[s]!.min.toFixed(0)} / ${t[s]!.mean.toFixed(2)} ms, ${t[s]!.bytes} B`;
  const node = (s: string) => r.composeNode[s]!;
  const worst = (t: ComposeTimes) => Math.max(...sizes.map((s) => t[s]!.p50));
  const verdict = (ms: number) => `${ms.toFixed(0)} ms (${ms <= 15 ? 'met' : 'missed'})`;
  return [
    '',
    `**Banner render, ms per banner** (${r.args.banners} per size and row after 3 warm-ups; picture: tint + Lanczos-3 + PNG data URL;`,
    "layout: banner.ts → SVG with glyph outlines, or the frame laid out before for the same copy; resvg → PNG). workerd rows: the Worker's own",
    'code looped inside one request by edge/creative/bench/worker.ts (1 ms clock: p50 / fastest / precise mean).',
    '',
    `| where | ${sizes.join(' | ')} |`,
    `|---|${sizes.map(() => '---:').join('|')}|`,
    row('workerd: new picture, same copy (category banner, new seed)', harness(demo.composeSeeds)),
    row('workerd: new picture and new title (different items)', harness(demo.composeItems)),
    row('Node: picture (stored PNG)', (s) => `${node(s).pictureMs.toFixed(2)} ms`),
    row('Node: layout + glyph outlines → SVG', (s) => `${node(s).svgMs.toFixed(2)} ms`),
    row('Node: resvg (rasterise + PNG)', (s) => `${node(s).pngMs.toFixed(2)} ms`),
    row(
      'Node: whole banner (new title), p50 / fastest',
      (s) => `${node(s).totalMs.toFixed(2)} / ${node(s).minMs.toFixed(2)} ms, ${node(s).bytes} B`,
    ),
    '',
    `Warm banner budget ≤ 15 ms p50 in workerd, worst size: same copy ${verdict(worst(demo.composeSeeds))}; new title each ${verdict(worst(demo.composeItems))}.`,
    "Pictures are the demo generator's (random weights, 28×28 grey), default brand kit, `classic` template.",
  ];
}

function servingRows(r: CreativesReport): string[] {
  const lines = [
    '',
    `**Real Worker** (infra/creative.wrangler.toml over a local R2 bucket, demo generator; colo cache off so every request draws;`,
    'item photos: 600×600 PNGs from a local picture host; all banners medium-rectangle), the generator Worker',
    '(infra/generator.wrangler.toml) in a workerd of its own behind the GENERATOR binding. Cold: a fresh creative workerd',
    'per run (`start` = wrangler ready, `first` = the first request; wrangler resolves ready before workerd has loaded the',
    'script and compiled its wasm, so start + first is the cold time), with the generator Worker already running and its',
    "session built (`warm`), or started at the same time (`fresh too`: start = both ready, CPU = both workerds').",
    '',
    '| cold first banner | start + first, median | runs (start + first) | workerd CPU to the first answer, median | Server-Timing of the first request (last run) |',
    '|---|---:|---|---:|---|',
  ];
  const kinds = [...new Set(r.serving.map((s) => `${s.cold}|${s.generator}`))];
  for (const key of kinds) {
    const runs = r.serving.filter((s) => `${s.cold}|${s.generator}` === key);
    const kind = `${runs[0]!.cold}, generator Worker ${runs[0]!.generator === 'warm' ? 'warm' : 'fresh too'}`;
    const totals = runs.map((s) => s.startMs + s.firstMs);
    const m = med(totals);
    const each = runs.map((s) => `${s.startMs.toFixed(0)} + ${s.firstMs.toFixed(0)}`).join(', ');
    lines.push(
      `| ${kind} (${runs.at(-1)!.firstSource}) | ${m.toFixed(0)} ms ${m <= 1000 ? '(≤ 1 s: met)' : '(> 1 s: missed)'} | ${each} | ${med(runs.map((s) => s.coldCpuMs)).toFixed(0)} ms | \`${runs.at(-1)!.firstServerTiming}\` |`,
    );
  }
  if (r.baseline.length > 0) {
    const m = med(r.baseline.map((b) => b.startMs + b.firstMs));
    const each = r.baseline.map((b) => `${b.startMs.toFixed(0)} + ${b.firstMs.toFixed(0)}`).join(', ');
    lines.push(
      `| baseline: an empty Worker (\`fetch: () => new Response('ok')\`), same harness | ${m.toFixed(0)} ms | ${each} | ${med(r.baseline.map((b) => b.coldCpuMs)).toFixed(0)} ms | — |`,
    );
  }
  lines.push(
    '',
    `| warm series (${r.args.requests} requests each, all runs) | wall p50 | wall p90 | in-Worker (Server-Timing sum) p50 | workerd CPU per request | Server-Timing (last request) |`,
    '|---|---:|---:|---:|---:|---|',
  );
  const names = r.serving.find((s) => s.warm.length > 0)?.warm.map((w) => w.name) ?? [];
  for (const name of names) {
    const all = r.serving.flatMap((s) => s.warm.filter((w) => w.name === name));
    const wall = all.flatMap((w) => w.wallMs);
    const server = all.flatMap((w) => w.serverMs);
    const cpu = med(all.map((w) => w.cpuMsPerRequest));
    lines.push(
      `| ${name} | ${med(wall).toFixed(1)} ms | ${p90(wall).toFixed(1)} ms | ${med(server).toFixed(0)} ms | ${cpu.toFixed(1)} ms | \`${all.at(-1)!.lastServerTiming}\` |`,
    );
  }
  return lines;
}

function bundleRows(r: CreativesReport): string[] {
  const limit: Record<string, string> = {
    recommend: '≤ 100 KiB',
    creative: '≤ 10240 KiB (paid plan)',
    generator: '≤ 10240 KiB (paid plan)',
  };
  const rows = [
    '',
    '**Bundles (`wrangler deploy --dry-run --outdir var/bench/bundles/<worker>`)**',
    '',
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
  const text = [
    ...header(r),
    ...generatorRows(r),
    ...renderRows(r),
    ...servingRows(r),
    ...bundleRows(r),
  ].join('\n');
  await writeSection('creatives', text);
  return text;
}
