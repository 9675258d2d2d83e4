/**
 * `npm run bench:mf -- --tune`: hyper-parameter search for iALS on a validation split carved
 * from the TRAIN part of the MovieLens protocol split (the test split is never looked at here).
 *
 * Coordinate search in stages, each keeping the best validation nDCG@10 so far:
 *   1. α0 × λ grid at ν = 1, d = 64 (the two that matter most; Rendle et al. 2022),
 *   2. ν ∈ {0, ½, ¾}, with λ rescaled so the mean per-user regulariser stays put, × {½, 1, 2},
 *   3. γ, the user-activity weighting (models/mf/csr.ts) ∈ {0, ⅛, ¼, ½},
 *   4. coordinate descent on α0 (×½, ×2), λ (×0.7, ×1.4), ν (±¼) and γ (±⅛) until a round gains nothing,
 *   5. alpha (confidence per rating unit; 0 = every rating counts the same),
 *   6. factors — adopted only for a ≥ 3% relative gain (cost: training time, shard bytes).
 * The winner is what MfConfig's defaults should be (shared/src/schemas/job-config.ts).
 */
import { MfConfig } from '#shared/schemas';
import { type InteractionSet, toCsr } from '../src/data/interactions.ts';
import { evaluate } from '../src/eval/evaluate.ts';
import { PopularityRecommender } from '../src/eval/recommender.ts';
import { stratifiedSplit } from '../src/eval/splits.ts';
import { trainIals } from '../src/models/mf/ials.ts';
import { MfRecommender } from '../src/models/mf/recommender.ts';
import { f4, MACHINE, type Row, table, today } from './mf-report.ts';

interface Trial {
  stage: string;
  config: MfConfig;
  ndcg: number;
  row: Row;
}

/** The trials measured so far on one fit/validation split, and how to measure one more. */
interface Search {
  train: InteractionSet;
  trials: Trial[];
  /** Trains `base` changed by `over` and scores it on validation (a point measured before is reused). */
  run(stage: string, over: Partial<MfConfig>, base: MfConfig): Promise<Trial>;
  /** The trial with the best validation nDCG@10 (optionally among one stage's trials). */
  best(stage?: string): Trial;
}

/**
 * Runs the staged search; returns the markdown section and the chosen configuration.
 *
 * @example
 * const { markdown, best } = await tuneBench(ratings);
 */
export async function tuneBench(ratings: InteractionSet): Promise<{ markdown: string; best: MfConfig }> {
  const outer = stratifiedSplit(ratings, { ratio: 0.75, by: 'item', seed: 42 });
  const { train, test: validation } = stratifiedSplit(outer.train, { ratio: 0.75, by: 'item', seed: 7 });
  const pop = await evaluate(new PopularityRecommender(train), train, validation, { k: 10 });
  console.log(`validation popularity nDCG@10 ${f4(pop.ndcg)}`);
  const search = createSearch(train, validation);
  await gridStage(search);
  await nuStage(search);
  await gammaStage(search);
  await refineStage(search);
  await alphaStage(search);
  const best = await factorsStage(search);
  return { markdown: tuneMarkdown(search.trials, best, pop.ndcg), best: best.config };
}

function createSearch(train: InteractionSet, validation: InteractionSet): Search {
  const trials: Trial[] = [];
  const run = async (stage: string, over: Partial<MfConfig>, base: MfConfig): Promise<Trial> => {
    const config = MfConfig.parse({ ...base, ...over, compute: 'js' });
    const key = JSON.stringify(config);
    const again = trials.find((t) => JSON.stringify(t.config) === key);
    if (again) return again; // coordinate moves can lead back to a point already measured
    const model = await trainIals(train, config);
    const m = await evaluate(new MfRecommender(model), train, validation, { k: 10 });
    const row = trialRow(stage, config, m, model.seconds);
    console.log(
      Object.entries(row)
        .map(([k, v]) => `${k}=${v}`)
        .join('  '),
    );
    const trial = { stage, config, ndcg: m.ndcg, row };
    trials.push(trial);
    return trial;
  };
  const best = (stage?: string) =>
    trials
      .filter((t) => stage === undefined || t.stage === stage)
      .reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  return { train, trials, run, best };
}

function trialRow(
  stage: string,
  config: MfConfig,
  m: { ndcg: number; precision: number; map: number },
  seconds: number,
): Row {
  return {
    stage,
    factors: config.factors,
    α0: config.unobservedWeight,
    λ: Number(config.regularization.toPrecision(3)),
    ν: config.regularizationExponent,
    γ: config.activityExponent,
    alpha: config.alpha,
    'val nDCG@10': f4(m.ndcg),
    'val P@10': f4(m.precision),
    'val MAP': f4(m.map),
    s: seconds.toFixed(1),
  };
}

/** Stage 1 starts from fixed values, not the current defaults, so the search is reproducible. */
async function gridStage(s: Search): Promise<void> {
  const base = MfConfig.parse({
    compute: 'js',
    factors: 64,
    regularizationExponent: 1,
    alpha: 0,
    activityExponent: 0,
  });
  for (const unobservedWeight of [0.01, 0.02, 0.04, 0.08, 0.16]) {
    for (const regularization of [0.01, 0.03, 0.1]) {
      await s.run('1 α0×λ', { unobservedWeight, regularization }, base);
    }
  }
}

async function nuStage(s: Search): Promise<void> {
  const base = s.best().config;
  const meanReg = regScale(s.train, base.unobservedWeight);
  for (const nu of [0, 0.5, 0.75]) {
    const lambda = base.regularization * (meanReg(base.regularizationExponent) / meanReg(nu));
    for (const mult of [0.5, 1, 2]) {
      await s.run('2 ν', { regularizationExponent: nu, regularization: lambda * mult }, base);
    }
  }
}

async function gammaStage(s: Search): Promise<void> {
  const base = s.best().config;
  for (const activityExponent of [0.125, 0.25, 0.5]) await s.run('3 γ', { activityExponent }, base);
}

/** Moves of one coordinate around a point: α0 (×½, ×2), λ (×0.7, ×1.4), ν (±¼, λ rescaled), γ (±⅛). */
function coordinateMoves(train: InteractionSet): [string, (c: MfConfig) => Partial<MfConfig>[]][] {
  const nuMoves = (c: MfConfig) => {
    const meanReg = regScale(train, c.unobservedWeight);
    return [-0.25, 0.25]
      .map((step) => c.regularizationExponent + step)
      .filter((nu) => nu >= 0)
      .map((nu) => ({
        regularizationExponent: nu,
        regularization: c.regularization * (meanReg(c.regularizationExponent) / meanReg(nu)),
      }));
  };
  return [
    ['α0', (c) => [0.5, 2].map((m) => ({ unobservedWeight: c.unobservedWeight * m }))],
    ['λ', (c) => [0.7, 1.4].map((m) => ({ regularization: c.regularization * m }))],
    ['ν', nuMoves],
    [
      'γ',
      (c) =>
        [-0.125, 0.125]
          .map((step) => c.activityExponent + step)
          .filter((g) => g >= 0)
          .map((activityExponent) => ({ activityExponent })),
    ],
  ];
}

/**
 * Coordinate descent around the best point: one coordinate at a time, always from the best so
 * far, until a full round improves nothing (at most 4 rounds).
 */
async function refineStage(s: Search): Promise<void> {
  const coordinates = coordinateMoves(s.train);
  for (let round = 1; round <= 4; round++) {
    const before = s.best().ndcg;
    for (const [name, moves] of coordinates) {
      const base = s.best().config;
      for (const move of moves(base)) await s.run(`4 refine ${name}`, move, base);
    }
    if (s.best().ndcg <= before) break;
  }
}

async function alphaStage(s: Search): Promise<void> {
  const base = s.best().config;
  for (const alpha of [0.1, 0.3]) await s.run('5 alpha', { alpha }, base);
}

/**
 * More factors cost proportionally more training time and edge shard bytes: adopted only for a
 * clear gain (≥ 3% relative validation nDCG@10).
 */
async function factorsStage(s: Search): Promise<Trial> {
  const at64 = s.best();
  for (const factors of [32, 128, 256]) await s.run('6 factors', { factors }, at64.config);
  const bigger = s.best('6 factors');
  return bigger.ndcg >= at64.ndcg * 1.03 ? bigger : at64;
}

function tuneMarkdown(trials: Trial[], best: Trial, popularityNdcg: number): string {
  const cols = ['stage', 'factors', 'α0', 'λ', 'ν', 'γ', 'alpha', 'val nDCG@10', 'val P@10', 'val MAP', 's'];
  const c = best.config;
  return [
    '## iALS hyper-parameter search (validation split of TRAIN)',
    '',
    'Command: `npm run bench:mf -- --tune`. Data: the TRAIN part of the MovieLens protocol split, split',
    'again per item 75/25 (seed 7) into fit/validation; the test split is not used. Staged coordinate',
    `search (batch/bench/mf-tune.ts), ${MfConfig.parse({}).iterations} sweeps, CG solver. Validation popularity nDCG@10 ${f4(popularityNdcg)}.`,
    `Machine: ${MACHINE}. Date: ${today()}.`,
    '',
    `Chosen: factors ${c.factors}, α0 ${c.unobservedWeight}, λ ${c.regularization.toPrecision(3)},`,
    `ν ${c.regularizationExponent}, γ ${c.activityExponent}, alpha ${c.alpha} (val nDCG@10 ${f4(best.ndcg)}).`,
    '',
    table(
      trials.map((t) => t.row),
      cols,
    ),
  ].join('\n');
}

/** ν ↦ mean over users of (|I_u| + α0·|I|)^ν, to move λ between exponents at equal strength. */
function regScale(train: InteractionSet, unobservedWeight: number): (nu: number) => number {
  const csr = toCsr(train, 'user');
  const counts: number[] = [];
  for (let u = 0; u < train.userIds.length; u++) counts.push(csr.indptr[u + 1]! - csr.indptr[u]!);
  const extra = unobservedWeight * train.itemIds.length;
  return (nu) => counts.reduce((s, n) => s + (n + extra) ** nu, 0) / counts.length;
}
