/**
 * `npm run bench:onnx`: inference speed of the exported generator in onnxruntime-web (WASM, the
 * edge's runtime), tfjs (the batch backend initTf picks: WASM here) and onnxruntime-node (native
 * CPU), all single-threaded, on the same batch of (category, seed) inputs. Prints a table and
 * updates its section of docs/benchmarks.md.
 *
 * The generator is the trained one when a checkpoint exists (`--store`, `--prefix`), else the
 * `demo` and `full` preset architectures (28×28 grey) and the `full` width on 64×64 RGB shop
 * pictures, with seeded random weights: speed does not depend on weight values.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { generatorInputs } from '#shared/creatives';
import { createRng } from '#shared/random';
import { FASHION_CLASS_IDS as CLASSES } from '../src/data/fashion-mnist.ts';
import { loadGenerator } from '../src/models/gan/checkpoint.ts';
import { buildGenerator, stageWidths } from '../src/models/gan/generator.ts';
import { GAN_PRESET_VALUES } from '../src/models/gan/presets.ts';
import { exportLayersModel } from '../src/onnx/index.ts';
import { createOnnxSession, nativeOrtAvailable, type OrtRuntime } from '../src/runtime/ort.ts';
import { initTf, tf } from '../src/runtime/tf.ts';
import { openStore } from '../src/storage/index.ts';
import { writeSection } from './docs-section.ts';

export interface SpeedRow {
  runtime: string;
  batch: number;
  /** Median wall time of one batch, ms. */
  medianMs: number;
  perImageMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function time(reps: number, run: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await run(); // warm-up: compile, allocate, JIT
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

/**
 * Times `model` in tfjs and its ONNX export in each onnxruntime on the same inputs.
 *
 * @example
 * const rows = await measureGeneratorSpeed(generator, { batches: [1, 64], reps: 10 });
 */
export async function measureGeneratorSpeed(
  model: tf.LayersModel,
  options: { batches: number[]; reps: number },
): Promise<SpeedRow[]> {
  const backend = await initTf();
  const zDim = model.inputs[0]!.shape[1] as number;
  const onnx = exportLayersModel(model, { inputNames: ['noise', 'label'], outputNames: ['image'] });
  const runtimes: OrtRuntime[] = (await nativeOrtAvailable()) ? ['web', 'node'] : ['web'];
  const rows: SpeedRow[] = [];
  for (const batch of options.batches) {
    const x = generatorInputs(
      Array.from({ length: batch }, (_, i) => ({ category: CLASSES[i % CLASSES.length]!, seed: i })),
      zDim,
      CLASSES,
    );
    const add = (runtime: string, ms: number) =>
      rows.push({ runtime, batch, medianMs: ms, perImageMs: ms / batch });
    const noise = tf.tensor2d(x.noise, [batch, zDim]);
    const label = tf.tensor2d(x.label, [batch, CLASSES.length]);
    add(
      `tfjs-${backend.name}`,
      await time(options.reps, () => tf.tidy(() => (model.predict([noise, label]) as tf.Tensor).dataSync())),
    );
    tf.dispose([noise, label]);
    for (const runtime of runtimes) {
      const session = await createOnnxSession(onnx.bytes, { runtime, threads: 1 });
      const feeds = {
        noise: { data: x.noise, dims: [batch, zDim] },
        label: { data: x.label, dims: [batch, CLASSES.length] },
      };
      add(
        runtime === 'web' ? 'onnxruntime-web (wasm)' : 'onnxruntime-node (cpu)',
        await time(options.reps, () => session.run(feeds)),
      );
      await session.release();
    }
  }
  return rows;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const backend = await initTf();
  const reps = Number(arg('reps') ?? 10);
  const batches = (arg('batches') ?? '1,64').split(',').map(Number);
  const models: { name: string; model: tf.LayersModel }[] = [];
  const storeUri = arg('store');
  if (storeUri) {
    const prefix = arg('prefix') ?? 'gan';
    const loaded = await loadGenerator(openStore(storeUri), prefix);
    if (!loaded) throw new Error(`no checkpoint at ${prefix}/checkpoint.json in ${storeUri}`);
    const c = loaded.meta.config;
    const name = `checkpoint ${storeUri} ${prefix} (step ${loaded.meta.step}, z ${c.zDim}, width ${c.width})`;
    models.push({ name, model: loaded.generator });
  } else {
    const shapes = [
      ['demo', 28, 1],
      ['full', 28, 1],
      ['full', 64, 3],
    ] as const;
    for (const [preset, side, imageChannels] of shapes) {
      const c = GAN_PRESET_VALUES[preset];
      const channels = stageWidths(c.width, side);
      const g = buildGenerator({ zDim: c.zDim, channels, side, imageChannels }, createRng(1).fork(preset));
      models.push({
        name: `${preset} architecture, ${side}×${side}×${imageChannels} (z ${c.zDim}, channels ${channels.join('/')}), random weights`,
        model: g,
      });
    }
  }
  const lines = [
    '## Generator inference: onnxruntime-web vs tfjs vs onnxruntime-node',
    '',
    `Command: \`npm run bench:onnx -- --batches ${batches.join(',')} --reps ${reps}${storeUri ? ` --store ${storeUri}` : ''}\`.`,
    `Machine: 2 cores, no GPU, Node ${process.versions.node}; tfjs backend \`${backend.name}\`; every runtime single-threaded;`,
    `median of ${reps} runs after 3 warm-up runs, same inputs (seeded noise, one-hot categories) for every runtime.`,
    `Date: ${new Date().toISOString().slice(0, 10)}. CPU load average at start: ${loadavg()[0]?.toFixed(1)} (other jobs share`,
    'these 2 cores while the team works, so absolute times are inflated; the ratios are the point).',
    '',
  ];
  for (const { name, model } of models) {
    const rows = await measureGeneratorSpeed(model, { batches, reps });
    lines.push(`**${name}**`, '', '| runtime | batch | ms / batch | ms / image |', '|---|---:|---:|---:|');
    for (const r of rows) {
      lines.push(`| ${r.runtime} | ${r.batch} | ${r.medianMs.toFixed(2)} | ${r.perImageMs.toFixed(3)} |`);
    }
    lines.push('');
    model.dispose();
  }
  const text = lines.join('\n');
  console.log(text);
  await writeSection('onnx', text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
