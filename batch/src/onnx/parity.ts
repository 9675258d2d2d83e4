/**
 * Parity check: the same inputs through tfjs and through onnxruntime, compared element-wise.
 *
 * This is the gate between "exported" and "published": a generator whose ONNX output drifts
 * from tfjs's is an exporter bug, and the edge would draw different creatives than batch
 * evaluated. Inputs are seeded normal draws unless the caller gives its own.
 */
import { createRng } from '#shared/random';
import { createOnnxSession, type FloatTensor, type OrtRuntime } from '../runtime/ort.ts';
import { tf } from '../runtime/tf.ts';
import type { ExportedOnnx } from './export.ts';

export interface ParityOptions {
  batch?: number;
  seed?: number;
  runtime?: OrtRuntime;
  /** Explicit inputs by graph input name (each [batch, ...shape]); default: seeded N(0, 1). */
  feeds?: Readonly<Record<string, FloatTensor>>;
}

export interface ParityReport {
  runtime: OrtRuntime;
  batch: number;
  /** Largest |tfjs − onnx| over every output element. */
  maxAbsDiff: number;
  outputs: { name: string; maxAbsDiff: number; elements: number }[];
}

function seededFeeds(exported: ExportedOnnx, batch: number, seed: number): Record<string, FloatTensor> {
  const rng = createRng(seed);
  const feeds: Record<string, FloatTensor> = {};
  for (const spec of exported.inputs) {
    const dims = [batch, ...spec.shape.slice(1).map((d) => d ?? 1)];
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    const stream = rng.fork(spec.name);
    for (let i = 0; i < data.length; i++) data[i] = stream.normal();
    feeds[spec.name] = { data, dims };
  }
  return feeds;
}

/**
 * Runs `model` (tfjs) and its export (onnxruntime) on the same inputs.
 *
 * @example
 * const report = await onnxParity(generator, exported, { batch: 8, seed: 1 });
 * if (report.maxAbsDiff > 1e-4) throw new Error('export drifted');
 */
export async function onnxParity(
  model: tf.LayersModel,
  exported: ExportedOnnx,
  options: ParityOptions = {},
): Promise<ParityReport> {
  const batch = options.batch ?? 4;
  const feeds = options.feeds ?? seededFeeds(exported, batch, options.seed ?? 0);
  const session = await createOnnxSession(exported.bytes, { runtime: options.runtime ?? 'web' });
  try {
    const onnxOut = await session.run(feeds);
    const expected = tf.tidy(() => {
      const xs = exported.inputs.map((s) => {
        const f = feeds[s.name];
        if (!f) throw new Error(`no feed for input ${s.name}`);
        return tf.tensor(f.data, f.dims, 'float32');
      });
      const ys = model.predict(xs.length === 1 ? xs[0]! : xs);
      return (Array.isArray(ys) ? ys : [ys]).map((y) => y.dataSync() as Float32Array);
    });
    const outputs = exported.outputs.map((spec, i) => {
      const want = expected[i]!;
      const got = onnxOut[spec.name]?.data;
      if (!got || got.length !== want.length) {
        throw new Error(`output ${spec.name}: onnx gave ${got?.length ?? 0} values, tfjs ${want.length}`);
      }
      let max = 0;
      for (let j = 0; j < want.length; j++) {
        const d = Math.abs((want[j] as number) - (got[j] as number));
        // NaN on either side must fail the check, not be skipped by the comparison.
        max = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(max, d);
      }
      return { name: spec.name, maxAbsDiff: max, elements: want.length };
    });
    return {
      runtime: session.runtime,
      batch: feeds[exported.inputs[0]?.name ?? '']?.dims[0] ?? batch,
      maxAbsDiff: Math.max(0, ...outputs.map((o) => o.maxAbsDiff)),
      outputs,
    };
  } finally {
    await session.release();
  }
}

/**
 * Parity inputs for a conditional generator: `perClass` seeded standard-normal latents for each
 * of `classes` categories, each row with its category's one-hot label — the inputs the generator
 * sees in production, not one noise vector repeated, so a drift that depends on the latent or on
 * the label cannot hide.
 *
 * @example
 * const feeds = generatorParityFeeds(64, 10, 16, 0); // 160 rows
 */
export function generatorParityFeeds(
  zDim: number,
  classes: number,
  perClass: number,
  seed: number,
): Record<'noise' | 'label', FloatTensor> {
  const rows = classes * perClass;
  const noise = new Float32Array(rows * zDim);
  const label = new Float32Array(rows * classes);
  const rng = createRng(seed).fork('parity-latents');
  for (let r = 0; r < rows; r++) {
    label[r * classes + Math.floor(r / perClass)] = 1;
    for (let i = 0; i < zDim; i++) noise[r * zDim + i] = rng.normal();
  }
  return { noise: { data: noise, dims: [rows, zDim] }, label: { data: label, dims: [rows, classes] } };
}

/**
 * The parity check on every runtime in `runtimes` (default: onnxruntime-web, what the edge runs,
 * and onnxruntime-node, what batch runs), same inputs for all.
 *
 * @example
 * const reports = await onnxParityAll(generator, exported, { feeds: generatorParityFeeds(64, 10, 16, 0) });
 */
export async function onnxParityAll(
  model: tf.LayersModel,
  exported: ExportedOnnx,
  options: ParityOptions & { runtimes?: readonly OrtRuntime[] } = {},
): Promise<ParityReport[]> {
  const reports: ParityReport[] = [];
  for (const runtime of options.runtimes ?? (['web', 'node'] as const)) {
    reports.push(await onnxParity(model, exported, { ...options, runtime }));
  }
  return reports;
}
