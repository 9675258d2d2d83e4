/**
 * `npx tsx batch/bench/pipeline-refit.ts`: is the pipeline's single training as good as training
 * twice? The train stage trains on the 75% split, evaluates that model, then refits it warm on
 * all interactions for `mf.refitIterations` sweeps (jobs/evaluate-recipe.ts) instead of training
 * a second model from random factors. The published model is trained on everything, so it cannot
 * be scored on the pipeline's own hold-out; this bench nests the protocol one level down on
 * MovieLens ml-latest-small: TEST = the bench:mf test split (stratified per item, seed 42), and
 * within TRAIN a second split plays the pipeline's hold-out. Compared on TEST: training on TRAIN
 * from scratch (several seeds, to show the seed-to-seed spread) against split model + k warm
 * sweeps on TRAIN. Writes docs/benchmarks.md section `pipeline-refit`.
 */
import { MfConfig } from '#shared/schemas';
import { evaluate } from '../src/eval/evaluate.ts';
import { stratifiedSplit } from '../src/eval/splits.ts';
import { type IalsResult, trainIals } from '../src/models/mf/ials.ts';
import { MfRecommender } from '../src/models/mf/recommender.ts';
import { writeSection } from './docs-section.ts';
import { loadMovieLens } from './mf-movielens.ts';
import { f4, MACHINE, type Row, table, today } from './mf-report.ts';
import { loadAverage } from './pipeline-measure.ts';

const ratings = loadMovieLens();
if (!ratings) process.exit(0);
const loadBefore = await loadAverage();
const { train, test } = stratifiedSplit(ratings, { ratio: 0.75, by: 'item', seed: 42 });
const defaults = MfConfig.parse({});
const rows: Row[] = [];
const score = async (what: string, model: IalsResult, sweeps: number) => {
  const m = await evaluate(new MfRecommender(model), train, test, { k: 10 });
  rows.push({ model: what, 'nDCG@10': f4(m.ndcg), MAP: f4(m.map), 'sweeps on TRAIN-sized data': sweeps });
  console.log(JSON.stringify(rows.at(-1)));
};

for (const seed of [42, 1, 2, 3]) {
  await score(
    `from scratch on TRAIN, seed ${seed}`,
    await trainIals(train, { ...defaults, seed }),
    defaults.iterations,
  );
}
for (const splitSeed of [42, 7, 8]) {
  const inner = stratifiedSplit(train, { ratio: 0.75, by: 'item', seed: splitSeed });
  const split = await trainIals(inner.train, defaults);
  await score(`split model only (inner split seed ${splitSeed})`, split, 0);
  for (const k of [1, 3, 5]) {
    const refit = await trainIals(train, { ...defaults, iterations: k }, { initial: split });
    await score(`split model + ${k} warm sweeps on TRAIN (inner seed ${splitSeed})`, refit, k);
  }
}

await writeSection(
  'pipeline-refit',
  [
    '## Pipeline train stage: one training (split model refit warm) vs two (bench pipeline-refit)',
    '',
    'Command: `npx tsx batch/bench/pipeline-refit.ts`. Data: ml-latest-small; TEST = the bench:mf test split',
    '(stratified per item, 75/25, seed 42); the pipeline hold-out is played by a second 75/25 split of TRAIN.',
    `Model: MfConfig defaults (d=${defaults.factors}, ${defaults.iterations} sweeps, wasm path). "Split model" = ${defaults.iterations} sweeps on`,
    'the inner 75%; the warm refit starts from its factors and sweeps over all of TRAIN (what the pipeline publishes).',
    `Machine: ${MACHINE}. Date: ${today()}. Load average before: ${loadBefore}; after: ${await loadAverage()}.`,
    '',
    table(rows, ['model', 'nDCG@10', 'MAP', 'sweeps on TRAIN-sized data']),
  ].join('\n'),
);
