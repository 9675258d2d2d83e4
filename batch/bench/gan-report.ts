/**
 * The markdown of `npm run bench:gan` and its section of docs/benchmarks.md (between the
 * `bench:gan` markers, so other benchmarks' sections are left alone): per preset the spread over
 * training seeds, then every run, then one run's per-category table.
 */
import type { GanResolvedConfig } from '#shared/schemas';
import { type GanEvaluation, meetsTargets } from '../src/models/gan/evaluate.ts';

export interface RunReport {
  preset: string;
  seed: number;
  config: GanResolvedConfig;
  backend: string;
  /** How the model was obtained: trained by this bench run, or a reused finished checkpoint. */
  origin: string;
  /** Whether the evaluated generator is the EMA weight average. */
  averaged: boolean;
  wallS: number;
  cpuS: number | undefined;
  evaluation: GanEvaluation;
  grid?: string;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const f2 = (v: number) => v.toFixed(2);
const f3 = (v: number) => v.toFixed(3);

/** "mean ± sd (min–max)" of `xs` formatted by `f`; sd with divisor n − 1. */
export function spread(xs: number[], f: (v: number) => string): string {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return `${f(mean)} ± ${f(sd)} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
}

function describeConfig(c: GanResolvedConfig): string {
  return (
    `loss ${c.loss}, ${c.steps} steps, batch ${c.batchSize}, width ${c.width}, z ${c.zDim}, ` +
    `lr G ${c.lrG} / D ${c.lrD}, β ${c.beta1}/${c.beta2}, label smoothing ${c.labelSmoothing}, ` +
    `D steps ${c.dSteps}, AC class weight ${c.classWeight}, mode seeking ${c.modeSeeking}, EMA ${c.emaDecay}, ` +
    `spectral norm ${c.spectralNorm ? 'on' : 'off'}`
  );
}

export interface ReportMeta {
  date: string;
  command: string;
  data: string;
  load: string;
  classifier: string;
  note?: string;
}

/** Title, command, data, machine and how to read the tables. */
function headLines(meta: ReportMeta, e0: GanEvaluation | undefined): string[] {
  return [
    '## Creative generator (conditional GAN): quality and training time',
    '',
    `Command: \`${meta.command}\`.`,
    `Data: ${meta.data}. Machine: 2 cores shared with other engineers’ jobs, no GPU, Node ${process.versions.node}. Date: ${meta.date}.`,
    `Load average: ${meta.load}. Wall times are inflated; CPU time (user + system of the single-threaded`,
    'WASM training process) is the better estimate of wall time on an idle core.',
    `Evaluation on the **test** split (options were chosen on the validation split): ${meta.classifier};`,
    `${e0?.generatedCount ?? '?'} generated samples (${e0?.samplesPerClass ?? '?'} per category) against ${e0?.realCount ?? '?'} real test images;`,
    '"reference" = the same classifier on the real test images; "floor" = Fréchet distance of as many real',
    'training images to the test images. Spread: mean ± sd (min–max) over seeds.',
    ...(meta.note ? ['', meta.note] : []),
  ];
}

/** One row of the per-preset table: every figure as its spread over the preset's seeds. */
function spreadRow(preset: string, rs: RunReport[]): string {
  const ev = rs.map((r) => r.evaluation);
  const f1 = (v: number) => v.toFixed(1);
  const columns: [number[], (v: number) => string][] = [
    [ev.map((e) => e.classCorrect), pct],
    [ev.map((e) => e.referenceAccuracy), pct],
    [ev.map((e) => e.fidGenerated), f3],
    [ev.map((e) => e.fidFloor), f3],
    [ev.map((e) => e.fidGenerated / e.fidFloor), f1],
    [ev.map((e) => e.minDiversityRatio), f2],
    [rs.map((r) => (r.cpuS ?? Number.NaN) / 60), f1],
    [rs.map((r) => r.wallS / 60), f1],
  ];
  const cells = [preset, rs.map((r) => r.seed).join(', '), ...columns.map(([xs, f]) => spread(xs, f))];
  return `| ${cells.join(' | ')} |`;
}

/** One row of the per-run table, with which targets the run meets. */
function runRow(r: RunReport): string {
  const e = r.evaluation;
  const t = meetsTargets(e);
  const yn = (b: boolean) => (b ? 'yes' : 'no');
  return (
    `| ${r.preset} seed ${r.seed} | ${r.origin} | ${r.averaged ? `EMA ${r.config.emaDecay}` : 'last'} | ${pct(e.classCorrect)} | ` +
    `${pct(e.referenceAccuracy)} | ${f3(e.fidGenerated)} | ${f3(e.fidFloor)} | ${f2(e.minDiversityRatio)} | ` +
    `${yn(t.fid)} / ${yn(t.classCorrect)} / ${yn(t.diversity)} |`
  );
}

/** The preset's options and its first run's per-category table. */
function presetLines(r: RunReport): string[] {
  return [
    '',
    `**${r.preset}** — ${describeConfig(r.config)}. Backend ${r.backend}.` +
      (r.grid ? ` Sample grid (seed ${r.seed}, one row per category): \`${r.grid}\`.` : ''),
    '',
    `| category (seed ${r.seed}) | class-correct | reference | diversity generated | diversity real | ratio |`,
    '|---|---:|---:|---:|---:|---:|',
    ...r.evaluation.categories.map(
      (c) =>
        `| ${c.category} | ${pct(c.classCorrect)} | ${pct(c.referenceAccuracy)} | ${f2(c.diversityGenerated)} | ` +
        `${f2(c.diversityReal)} | ${f2(c.diversityRatio)} |`,
    ),
  ];
}

/** The section for one or more presets' runs. */
export function renderReport(runs: RunReport[], meta: ReportMeta): string {
  const presets = [...new Set(runs.map((r) => r.preset))];
  return [
    ...headLines(meta, runs[0]?.evaluation),
    '',
    '| preset | seeds | class-correct | reference | FD gen–test | FD floor | FD / floor | min diversity | CPU min | wall min |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...presets.map((p) =>
      spreadRow(
        p,
        runs.filter((r) => r.preset === p),
      ),
    ),
    '',
    'Targets: FD ≤ 2× floor, class-correct within 5 points of the reference, min diversity ≥ 0.8.',
    '',
    '| run | model | weights | class-correct | reference | FD | floor | min diversity | targets met (FD / class / diversity) |',
    '|---|---|---|---:|---:|---:|---:|---:|---|',
    ...runs.map(runRow),
    ...presets.flatMap((p) => {
      const r = runs.find((x) => x.preset === p);
      return r ? presetLines(r) : [];
    }),
  ].join('\n');
}
