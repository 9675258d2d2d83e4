/**
 * `npm run bench:mf:large`: iALS at storefront scale — the project's synthetic store with 1M items,
 * 100k registered users and 10M events (generated in memory, seeded), trained with the default
 * MfConfig on all events. Reports wall time per step and peak RSS; with `--with-eval` it also
 * trains on a 75/25 per-item split and evaluates 2,000 sampled users beside popularity.
 *
 * Long (tens of minutes on 2 cores): run it in the background, e.g.
 *   nohup npm run bench:mf:large > var/bench-mf-large.log 2>&1 &
 */
import { availableParallelism } from 'node:os';
import { MfConfig } from '#shared/schemas';
import { toCsr } from '../src/data/interactions.ts';
import { evaluate } from '../src/eval/evaluate.ts';
import { PopularityRecommender } from '../src/eval/recommender.ts';
import { stratifiedSplit } from '../src/eval/splits.ts';
import { trainIals } from '../src/models/mf/ials.ts';
import { MfRecommender } from '../src/models/mf/recommender.ts';
import { generateStorefront } from '../src/synthetic/storefront.ts';
import { MACHINE, metricCells, peakMiB, type Row, seconds, table, today } from './mf-report.ts';

export interface LargeScale {
  items: number;
  users: number;
  events: number;
}

/**
 * Runs the large synthetic benchmark; returns its markdown section.
 *
 * @example
 * const md = await largeBench({ items: 1e6, users: 1e5, events: 1e7 }, false);
 */
export async function largeBench(
  scale: LargeScale,
  withEval: boolean,
  mf: Partial<MfConfig> = {},
): Promise<string> {
  const rows: Row[] = [];
  const step = (name: string, t0: number, detail: string) => {
    rows.push({ step: name, 'wall s': seconds(t0), 'peak RSS MiB': peakMiB(), detail });
    console.log(JSON.stringify(rows.at(-1)));
  };
  let t0 = performance.now();
  const shop = await generateStorefront({ seed: 1, ...scale });
  const set = shop.interactions;
  step(
    'generate store',
    t0,
    `${set.length} events, ${set.userIds.length} users (incl. anonymous sessions), ${set.itemIds.length} items`,
  );
  const config = MfConfig.parse(mf);
  t0 = performance.now();
  const nnz = toCsr(set, 'user').indices.length;
  step('distinct pairs', t0, `${nnz} distinct (user, item) pairs`);

  t0 = performance.now();
  const model = await trainIals(set, config, {
    onIteration: (it) =>
      console.log(
        `sweep ${it.iteration}/${config.iterations}: ${it.seconds.toFixed(1)} s, peak ${peakMiB()} MiB`,
      ),
  });
  step(
    'train iALS on all events',
    t0,
    `${config.iterations} sweeps, d=${config.factors}, ${model.compute}/${config.solver}, mean ${(model.seconds / config.iterations).toFixed(1)} s/sweep, ` +
      `${model.sessionRows} session rows (gap ${config.sessionGap} s)`,
  );

  const evalRows: Row[] = [];
  if (withEval) {
    t0 = performance.now();
    const { train, test } = stratifiedSplit(set, { by: 'item', seed: 42 });
    const split = await trainIals(train, config);
    step('train iALS on 75% split', t0, `${train.length} train rows`);
    t0 = performance.now();
    for (const rec of [new PopularityRecommender(train), new MfRecommender(split)]) {
      const m = await evaluate(rec, train, test, { k: 10, sampleUsers: 2000, seed: 0 });
      evalRows.push({ model: rec.name, ...metricCells(m), users: m.users });
    }
    step('evaluate 2,000 sampled users', t0, 'popularity and iALS');
  }
  const flags = [
    ...(withEval ? ['--with-eval'] : []),
    ...(mf.sessionGap !== undefined ? [`--session-gap ${mf.sessionGap}`] : []),
  ];
  return [
    '## iALS at storefront scale (synthetic: 1M items, 10M events)',
    '',
    `Command: \`npm run bench:mf:large${flags.length ? ` -- ${flags.join(' ')}` : ''}\`. Data: \`generateStorefront({ seed: 1, items: ${scale.items}, users: ${scale.users}, events: ${scale.events} })\``,
    `in memory. Model: MfConfig defaults (d=${config.factors}, ${config.iterations} sweeps, α0 ${config.unobservedWeight}, λ ${config.regularization}, γ ${config.activityExponent}, session gap ${config.sessionGap} s,`,
    `ν ${config.regularizationExponent}, ${config.solver} with ${config.cgSteps} steps, ${model.compute} path, ${availableParallelism()} worker threads).`,
    'Peak RSS is the process maximum so far (includes the generator), from `process.resourceUsage()`.',
    `Machine: ${MACHINE}. Date: ${today()}.`,
    '',
    table(rows, ['step', 'wall s', 'peak RSS MiB', 'detail']),
    ...(evalRows.length ? ['', table(evalRows, ['model', 'MAP', 'nDCG@10', 'P@10', 'R@10', 'users'])] : []),
  ].join('\n');
}
