/**
 * The markdown of `npm run bench:gan` and its section of docs/benchmarks.md (between the
 * `bench:gan` markers, so other benchmarks' sections are left alone).
 */
import type { GanResolvedConfig } from '#shared/schemas';
import type { GanEvaluation } from '../src/models/gan/evaluate.ts';

export interface PresetReport {
  preset: string;
  config: GanResolvedConfig;
  backend: string;
  /** How the model was obtained: trained by this bench run, or a reused finished checkpoint. */
  origin: string;
  steps: number;
  wallS: number;
  cpuS: number | undefined;
  loadStart: number;
  loadEnd: number;
  evaluation: GanEvaluation;
  grid: string;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const f2 = (v: number) => v.toFixed(2);

/** The section for one or more presets. */
export function renderReport(
  reports: PresetReport[],
  meta: { date: string; data: string; classifier: string },
): string {
  const head = [
    '## Creative generator (conditional GAN): quality and training time',
    '',
    'Command: `npm run bench:gan` (add `-- --only demo` or `--only full`).',
    `Data: ${meta.data}. Machine: 2 cores, no GPU, Node ${process.versions.node}. Date: ${meta.date}.`,
    'The 2 cores were shared with other engineers’ jobs during these runs (load averages below), so wall',
    'times are inflated; CPU time (user + system of the training process, single-threaded WASM) is the',
    'better estimate of the wall time on an idle machine.',
    `Evaluation: ${meta.classifier}; ${reports[0]?.evaluation.samplesPerClass ?? 100} samples per category, real sets of the same size.`,
    '',
    '| preset | model | steps | backend | wall | CPU | load avg start→end | class-correct | FD gen–test | FD train–test | min diversity ratio |',
    '|---|---|---:|---|---:|---:|---|---:|---:|---:|---:|',
    ...reports.map((r) => {
      const e = r.evaluation;
      return (
        `| ${r.preset} | ${r.origin} | ${r.steps} | ${r.backend} | ${(r.wallS / 60).toFixed(1)} min | ` +
        `${r.cpuS === undefined ? 'n/a' : `${(r.cpuS / 60).toFixed(1)} min`} | ${f2(r.loadStart)}→${f2(r.loadEnd)} | ` +
        `${pct(e.classCorrect)} | ${f2(e.fidGeneratedTest)} | ${f2(e.fidTrainTest)} | ${f2(e.minDiversityRatio)} |`
      );
    }),
    '',
    'Targets for `full`: class-correct ≥ 90 %, every category diversity ratio ≥ 0.7.',
  ];
  const perPreset = reports.flatMap((r) => [
    '',
    `**${r.preset}** — loss ${r.config.loss}, batch ${r.config.batchSize}, width ${r.config.width} ` +
      `(G ${2 * r.config.width}/${r.config.width}, D ${r.config.width}/${2 * r.config.width} channels), z ${r.config.zDim}, ` +
      `lr G ${r.config.lrG} / D ${r.config.lrD}, β ${r.config.beta1}/${r.config.beta2}, label smoothing ${r.config.labelSmoothing}, ` +
      `D steps ${r.config.dSteps}, AC class weight ${r.config.classWeight}, mode seeking ${r.config.modeSeeking}, ` +
      `seed ${r.config.seed}. Sample grid (one row per category): \`${r.grid}\`.`,
    '',
    '| category | class-correct | diversity generated | diversity real | ratio |',
    '|---|---:|---:|---:|---:|',
    ...r.evaluation.categories.map(
      (c) =>
        `| ${c.category} | ${pct(c.classCorrect)} | ${f2(c.diversityGenerated)} | ${f2(c.diversityReal)} | ${f2(c.diversityRatio)} |`,
    ),
  ]);
  return [...head, ...perPreset].join('\n');
}
