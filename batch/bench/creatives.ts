/**
 * `npm run bench:creatives`: the creative Worker's costs.
 * - generator latency (batch 1, warm) in workerd vs onnxruntime-node vs onnxruntime-web in Node
 *   (creatives-generators.ts); target: workerd ≤ 3× native;
 * - banner render per size, in workerd (the Worker's code in a loop: a new picture per banner
 *   with one copy, and a new title per banner) and phase by phase in Node (creatives-node.ts);
 *   target: warm banner ≤ 15 ms p50 in workerd;
 * - the real Worker over a local R2 bucket and picture host, with the generator Worker behind its
 *   binding (creatives-serving.ts): cold first banner of a fresh workerd (target ≤ 1 s) with the
 *   generator Worker warm, and a category banner with both fresh; then warm category and item
 *   banners;
 * - bundle sizes of the Workers (targets: recommend ≤ 100 KiB gzip, creative and generator
 *   ≤ 10 MiB gzip).
 * Generators: the GAN presets' `demo` and `full` architectures with seeded random weights (speed
 * does not depend on weight values), exported by our exporter. Updates its section of
 * docs/benchmarks.md (creatives-report.ts).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { generatorInputs } from '#shared/creatives';
import { CREATIVE_SIZES } from '#shared/schemas';
import { openOnnxGenerator } from '../src/creatives/index.ts';
import { FASHION_CLASS_IDS as CLASSES } from '../src/data/fashion-mnist.ts';
import { bundleSize } from './creatives-bundles.ts';
import { timeGenerators } from './creatives-generators.ts';
import { type NodeRender, renderInNode } from './creatives-node.ts';
import { writeCreativesSection } from './creatives-report.ts';
import {
  type BaselineRun,
  type ColdKind,
  type ServingRun,
  timeEmptyWorker,
  timeServing,
} from './creatives-serving.ts';
import { BENCH_PATHS, benchGeneratorOnnx, benchStore, servePhotos } from './creatives-store.ts';
import { seedBucket, startGeneratorWorker, warmGenerator } from './creatives-workerd.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The local picture host's port (this engineer's range of the team's ports). */
const PHOTO_PORT = 18_411;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function generatorModels(n: number, rounds: number, banners: number) {
  const models = [];
  for (const preset of ['demo', 'full'] as const) {
    const { onnx, zDim, width } = await benchGeneratorOnnx(preset);
    console.log(
      `${preset}: workerd harness vs onnxruntime-node vs onnxruntime-web (Node), ${rounds} rounds…`,
    );
    const times = await timeGenerators(onnx, zDim, n, rounds, banners);
    models.push({ preset, zDim, width, onnxBytes: onnx.length, onnx, ...times });
  }
  return models;
}

/**
 * `colds` fresh creative Workers per cold kind with the generator Worker warm, each followed by
 * `requests` warm requests per series; then `colds` category banners with both Workers fresh.
 */
async function serve(onnx: Uint8Array, zDim: number, colds: number, requests: number) {
  const photos = await servePhotos(PHOTO_PORT);
  try {
    const host = `127.0.0.1:${PHOTO_PORT}`;
    const vars = { PICTURE_HOSTS: host };
    const stateDir = join(ROOT, 'var/bench/creatives-state');
    const { objects, section } = await benchStore(onnx, zDim, `http://${host}`, requests + 8);
    await seedBucket(stateDir, objects);
    const runs: ServingRun[] = [];
    const baseline: BaselineRun[] = [];
    for (let i = 0; i < colds; i++) {
      console.log(`empty Worker: cold (${i + 1}/${colds}), the harness's floor…`);
      baseline.push(await timeEmptyWorker(join(ROOT, 'var/bench/empty-worker')));
    }
    const generator = await startGeneratorWorker(stateDir);
    try {
      await warmGenerator(generator, section);
      for (let i = 0; i < colds; i++) {
        for (const kind of ['category', 'item-photo', 'item-generated'] as ColdKind[]) {
          console.log(`real Worker: cold ${kind} (${i + 1}/${colds}), generator warm, then warm series…`);
          runs.push(await timeServing(stateDir, vars, BENCH_PATHS, kind, requests, 'warm'));
        }
      }
    } finally {
      await generator.dispose();
    }
    for (let i = 0; i < colds; i++) {
      console.log(`real Worker: cold category (${i + 1}/${colds}) with a fresh generator Worker…`);
      runs.push(await timeServing(stateDir, vars, BENCH_PATHS, 'category', 0, 'cold'));
    }
    return { runs, baseline };
  } finally {
    photos.close();
  }
}

async function main(): Promise<void> {
  const n = arg('n', 50);
  const rounds = arg('rounds', 7);
  const banners = arg('banners', 40);
  const requests = arg('requests', 20);
  const colds = arg('cold', 3);
  const loadBefore = loadavg();
  const models = await generatorModels(n, rounds, banners);
  const demo = models[0]!;
  const generator = await openOnnxGenerator(demo.onnx);
  const inputs = generatorInputs([{ category: 'coat', seed: 7 }], demo.zDim, CLASSES);
  const image = (await generator.generate(inputs)).slice(0, 28 * 28);
  await generator.close();
  const composeNode: Record<string, NodeRender> = {};
  for (const s of CREATIVE_SIZES) composeNode[s] = await renderInNode(image, s);
  const serving = await serve(demo.onnx, demo.zDim, colds, requests);
  console.log('bundle sizes (wrangler deploy --dry-run)…');
  const bundles = [
    await bundleSize('recommend', 'wrangler.toml'),
    await bundleSize('creative', 'infra/creative.wrangler.toml'),
    await bundleSize('generator', 'infra/generator.wrangler.toml'),
  ];
  const args = { n, rounds, banners, requests, colds };
  const load = { before: loadBefore, after: loadavg() };
  console.log(
    await writeCreativesSection({
      args,
      load,
      models,
      composeNode,
      serving: serving.runs,
      baseline: serving.baseline,
      bundles,
    }),
  );
}

await main();
