/**
 * `npx tsx batch/bench/mf-blends-export.ts [--out var/mf-blends]`: writes the MovieLens splits of
 * `npm run bench:mf` and the iALS factors trained on each, for batch/bench/mf-blends.py (numpy),
 * which measures other model families (EASE, low-rank EASE, EDLAE, PureSVD, RP3β, user-kNN) alone
 * and blended with iALS.
 *
 * Why export instead of porting those models: they are measured to decide whether any is worth
 * building; a dense 9,724² inverse is one LAPACK call in numpy and weeks of kernel work here.
 * The iALS factors come from this code (`trainIals`, MfConfig defaults), and each split's iALS
 * nDCG@10 is printed from our `evaluate`, so the Python metric can be checked against it.
 *
 * Splits: `test` = the protocol split (per item 75/25, seed 42: TRAIN / TEST); `val7`, `val8`,
 * `val9` = TRAIN split again per item 75/25 with seeds 7, 8, 9 (fit / validation), as in the
 * tuning section. Files per split: `<split>-train.i32` and `<split>-eval.i32` (user, item index
 * pairs, distinct), `<split>-train-ts.f64` (user, item, timestamp in s, per train row),
 * `<split>-U.f32` / `<split>-V.f32` (iALS user and item factors); `shape.json` (users, items, dim).
 * All little-endian. The data stay in the git-ignored output folder (MovieLens is never copied
 * into the project).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { MfConfig } from '#shared/schemas';
import { type InteractionSet, toCsr } from '../src/data/interactions.ts';
import { evaluate } from '../src/eval/evaluate.ts';
import { stratifiedSplit } from '../src/eval/splits.ts';
import { trainIals } from '../src/models/mf/ials.ts';
import { MfRecommender } from '../src/models/mf/recommender.ts';
import { loadMovieLens } from './mf-movielens.ts';
import { f4 } from './mf-report.ts';

const bytes = (a: Int32Array | Float32Array | Float64Array) =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Distinct (user, item) pairs, user-major. */
function pairs(set: InteractionSet): Int32Array {
  const csr = toCsr(set, 'user');
  const out = new Int32Array(csr.indices.length * 2);
  let q = 0;
  for (let u = 0; u + 1 < csr.indptr.length; u++) {
    for (let p = csr.indptr[u]!; p < csr.indptr[u + 1]!; p++) {
      out[q++] = u;
      out[q++] = csr.indices[p]!;
    }
  }
  return out;
}

/** (user, item, seconds) of every row; NaN seconds where a row has no timestamp. */
function timedRows(set: InteractionSet): Float64Array {
  const out = new Float64Array(set.length * 3);
  for (let r = 0; r < set.length; r++) {
    out[3 * r] = set.users[r]!;
    out[3 * r + 1] = set.items[r]!;
    out[3 * r + 2] = set.timestamps ? set.timestamps[r]! / 1000 : Number.NaN;
  }
  return out;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const dir = i >= 0 ? process.argv[i + 1]! : 'var/mf-blends';
  const ratings = loadMovieLens();
  if (!ratings) return;
  mkdirSync(dir, { recursive: true });
  const outer = stratifiedSplit(ratings, { ratio: 0.75, by: 'item', seed: 42 });
  const splits: [string, InteractionSet, InteractionSet][] = [['test', outer.train, outer.test]];
  for (const seed of [7, 8, 9]) {
    const s = stratifiedSplit(outer.train, { ratio: 0.75, by: 'item', seed });
    splits.push([`val${seed}`, s.train, s.test]);
  }
  const config = MfConfig.parse({ compute: 'wasm' });
  const shape = { users: ratings.userIds.length, items: ratings.itemIds.length, dim: config.factors };
  writeFileSync(`${dir}/shape.json`, JSON.stringify(shape));
  for (const [name, train, held] of splits) {
    writeFileSync(`${dir}/${name}-train.i32`, bytes(pairs(train)));
    writeFileSync(`${dir}/${name}-eval.i32`, bytes(pairs(held)));
    writeFileSync(`${dir}/${name}-train-ts.f64`, bytes(timedRows(train)));
    const model = await trainIals(train, config);
    writeFileSync(`${dir}/${name}-U.f32`, bytes(model.userFactors));
    writeFileSync(`${dir}/${name}-V.f32`, bytes(model.itemFactors));
    const m = await evaluate(new MfRecommender(model), train, held, { k: 10 });
    console.log(`${name}: iALS (defaults) nDCG@10 ${f4(m.ndcg)} over ${m.users} users`);
  }
  console.log(`wrote ${dir}; next: /usr/bin/python3 batch/bench/mf-blends.py ${dir}`);
}

await main();
