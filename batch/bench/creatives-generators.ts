/**
 * bench:creatives, generator half: per-image latency of one generator (batch 1, warm) in workerd
 * (onnxruntime-web WASM, 1 thread, the Worker's own code through the bench harness), in
 * onnxruntime-node (native CPU, 1 thread) and onnxruntime-web in Node, on the same inputs; and
 * the harness's banner loops in workerd.
 */
import { generatorInputs } from '#shared/creatives';
import { CREATIVE_SIZES } from '#shared/schemas';
import { FASHION_CLASS_IDS as CLASSES } from '../src/data/fashion-mnist.ts';
import { createOnnxSession, type OrtRuntime } from '../src/runtime/ort.ts';
import { type Harness, startHarness } from './creatives-workerd.ts';

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** onnxruntime in Node with `onnx` loaded; `time(n, seed)` is the mean ms per image. */
async function nodeRunner(onnx: Uint8Array, noiseDim: number, runtime: OrtRuntime) {
  const session = await createOnnxSession(onnx, { runtime, threads: 1 });
  const run = async (seed: number, i: number) => {
    const x = generatorInputs([{ category: CLASSES[i % CLASSES.length]!, seed }], noiseDim, CLASSES);
    await session.run({
      noise: { data: x.noise, dims: [1, noiseDim] },
      label: { data: x.label, dims: [1, 10] },
    });
  };
  return {
    async time(n: number, seed: number): Promise<number> {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await run(seed + i, i);
      return (performance.now() - t0) / n;
    },
    release: () => session.release(),
  };
}

export type ComposeTimes = Record<string, { mean: number; p50: number; min: number; bytes: number }>;

/** The harness's banner loop per size: `vary` seed (one copy, new pictures) or copy (new titles). */
async function composeTimes(harness: Harness, vary: 'seed' | 'copy', n: number): Promise<ComposeTimes> {
  const out: ComposeTimes = {};
  for (const size of CREATIVE_SIZES) {
    await harness.compose(3, size, vary);
    const { ms, p50, min, bytes } = await harness.compose(n, size, vary);
    out[size] = { mean: ms, p50, min, bytes };
  }
  return out;
}

/**
 * Per-image ms in workerd, onnxruntime-node and onnxruntime-web (Node): `rounds` rounds of `n`
 * runs each, the runtimes interleaved within a round so a burst of load from other jobs hits
 * all of them alike; the median round counts. A warm-up round is discarded. Then the banner
 * loops (`banners` per size and mode) on the same harness.
 */
export async function timeGenerators(
  onnx: Uint8Array,
  noiseDim: number,
  n: number,
  rounds: number,
  banners: number,
) {
  const harness = await startHarness(onnx, noiseDim);
  const native = await nodeRunner(onnx, noiseDim, 'node');
  const web = await nodeRunner(onnx, noiseDim, 'web');
  const samples = { workerd: [] as number[], native: [] as number[], webNode: [] as number[] };
  try {
    for (let r = -1; r < rounds; r++) {
      const seed = r < 0 ? 1_000_000 : r * n;
      const w = await harness.generate(n, seed);
      const nat = await native.time(n, seed);
      const wn = await web.time(n, seed);
      if (r < 0) continue;
      samples.workerd.push(w);
      samples.native.push(nat);
      samples.webNode.push(wn);
    }
    return {
      createMs: harness.createMs,
      workerd: median(samples.workerd),
      native: median(samples.native),
      webNode: median(samples.webNode),
      ratios: samples.workerd.map((w, i) => w / samples.native[i]!),
      // Other jobs only ever add time: the fastest round of each runtime is the least disturbed.
      bestRatio: Math.min(...samples.workerd) / Math.min(...samples.native),
      composeSeeds: await composeTimes(harness, 'seed', banners),
      composeItems: await composeTimes(harness, 'copy', banners),
    };
  } finally {
    await harness.dispose();
    await native.release();
    await web.release();
  }
}
