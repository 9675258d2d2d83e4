/**
 * `npm run bench:gan:sizes`: what image size costs in GAN training on the WASM backend — CPU and
 * wall time per training step (batch 32, the `full` preset's width and options) for Fashion-MNIST's
 * 28×28 grey and for RGB shop pictures at 32, 64 and 128 px, and what a 5,000-step run would
 * take at that rate. Weights and data are seeded random: a step's cost does not depend on them.
 *
 *   npm run bench:gan:sizes [-- --sides 28g,32,64,128] [--steps 2] [--no-write-docs]
 *
 * Each size trains 1 warm-up step (kernel compilation, allocation), then `steps` timed steps.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createRng } from '#shared/random';
import { stageWidths } from '../src/models/gan/generator.ts';
import { resolveGanConfig } from '../src/models/gan/presets.ts';
import { trainGan } from '../src/models/gan/train.ts';
import { initTf } from '../src/runtime/tf.ts';
import { writeSection } from './docs-section.ts';

const { values } = parseArgs({
  options: {
    sides: { type: 'string', default: '28g,32,64,128' },
    steps: { type: 'string', default: '2' },
    'no-write-docs': { type: 'boolean', default: false },
  },
});
const backend = await initTf();
const steps = Number(values.steps);
const classes = 10;
const rows: string[] = [];
for (const spec of values.sides.split(',')) {
  const side = Number.parseInt(spec, 10);
  const channels = spec.endsWith('g') ? 1 : 3;
  const count = 256;
  const rng = createRng(side);
  const data = {
    images: Uint8Array.from({ length: count * side * side * channels }, () => rng.nextInt(256)),
    labels: Uint8Array.from({ length: count }, (_, i) => i % classes),
    count,
    rows: side,
    cols: side,
    channels,
  };
  const base = resolveGanConfig({ preset: 'full', emaDecay: 0 });
  const categories = Array.from({ length: classes }, (_, i) => `c${i}`);
  const run = (n: number) => trainGan({ data, categories, config: { ...base, steps: n } });
  const load0 = loadavg()[0] ?? 0;
  const warm = await run(1);
  const timed = await run(1 + steps);
  const cpuS = (timed.runCpuMs - warm.runCpuMs) / 1000 / steps;
  const wallS = (timed.runMs - warm.runMs) / 1000 / steps;
  const params = timed.generator.countParams() + timed.discriminator.countParams();
  const load1 = loadavg()[0] ?? 0;
  const row =
    `| ${side}×${side} ${channels === 1 ? 'grey' : 'RGB'} | ${stageWidths(base.width, side).join('/')} | ` +
    `${(params / 1e6).toFixed(2)} M | ${cpuS.toFixed(2)} | ${wallS.toFixed(2)} | ${((cpuS * 5000) / 3600).toFixed(1)} h | ` +
    `${load0.toFixed(1)}→${load1.toFixed(1)} |`;
  console.log(row);
  rows.push(row);
  for (const m of [warm.generator, warm.discriminator, timed.generator, timed.discriminator]) m.dispose();
}
const text = [
  '## GAN training cost by image size (WASM backend)',
  '',
  `Command: \`npm run bench:gan:sizes -- --sides ${values.sides} --steps ${steps}\`. Backend ${backend.name}, one thread;`,
  `Node ${process.versions.node}; 2 cores shared with other engineers’ jobs, no GPU. Date: ${new Date().toISOString().slice(0, 10)}.`,
  'One step = one discriminator and one generator update on a batch of 32 (the `full` preset: width 32, z 64);',
  `CPU = user + system time of this process per step (less sensitive to the load than wall), mean of ${steps} steps after a warm-up step.`,
  '',
  '| images | G widths | G + D params | CPU s / step | wall s / step | 5,000 steps (CPU) | load avg |',
  '|---|---|---:|---:|---:|---:|---|',
  ...rows,
].join('\n');
console.log(text);
if (!values['no-write-docs']) await writeSection('gan-sizes', text);
