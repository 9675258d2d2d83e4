/**
 * GAN checkpoints in any `BlobStore` (a directory via `file://…`, S3/R2, memory in tests):
 *
 *   <prefix>/weights-<step>.bin   every tensor, float32 little-endian, back to back
 *   <prefix>/checkpoint.json      `GanCheckpointMeta`: step, config, tensor table, sha256 of the bin
 *
 * The weights blob is written first and the JSON last, so the JSON only ever names a complete
 * blob; the previous blob is deleted afterwards. What a resume needs is all here: both models'
 * weights (including BatchNorm moving statistics), both Adams' moments and update counts, and the
 * step. Random state needs no saving: every step draws from `createRng(seed).fork(step)`, so
 * the step number *is* the random state.
 */

import { sha256Hex } from '#shared/crypto';
import { AppError } from '#shared/errors';
import { createRng } from '#shared/random';
import {
  type CheckpointTensor,
  GanCheckpointMeta,
  type GanImageShape,
  type GanResolvedConfig,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { tf } from '../../runtime/tf.ts';
import type { Adam } from './adam.ts';
import { FASHION_SHAPE } from './dataset.ts';
import { generatorFor } from './models.ts';
import { TensorPacker, TensorReader } from './weights-io.ts';

export interface CheckpointState {
  step: number;
  config: GanResolvedConfig;
  dataHash: string;
  wallMs: number;
  cpuMs: number;
  backend: string;
  shape: GanImageShape;
  generator: tf.LayersModel;
  /** The EMA generator, BatchNorm recalibrated (when training keeps one). */
  generatorEma?: tf.LayersModel;
  discriminator: tf.LayersModel;
  optG: Adam;
  optD: Adam;
}

/** A checkpoint read back: its metadata and a reader over its tensors. */
export interface LoadedCheckpoint {
  meta: GanCheckpointMeta;
  reader: TensorReader;
}

const metaKey = (prefix: string) => `${prefix}/checkpoint.json`;

/**
 * Writes a checkpoint of `state` under `prefix` and returns its metadata.
 *
 * @example
 * await saveCheckpoint(openStore('file://var/gan-full'), 'ckpt', state);
 */
export async function saveCheckpoint(
  store: BlobStore,
  prefix: string,
  state: CheckpointState,
): Promise<GanCheckpointMeta> {
  const pack = new TensorPacker();
  const adamEntries = (opt: Adam) => {
    const s = opt.state();
    return {
      t: s.t,
      moments: [...s.m.map((t, i) => pack.add(`m/${i}`, t)), ...s.v.map((t, i) => pack.add(`v/${i}`, t))],
    };
  };
  const generator = pack.addModel(state.generator);
  const discriminator = pack.addModel(state.discriminator);
  const generatorEma = state.generatorEma ? pack.addModel(state.generatorEma) : undefined;
  const optimizerG = adamEntries(state.optG);
  const optimizerD = adamEntries(state.optD);
  const bytes = pack.bytes();
  const previous = await readMeta(store, prefix);
  const weightsKey = `${prefix}/weights-${state.step}.bin`;
  await store.put(weightsKey, bytes, { contentType: 'application/octet-stream' });
  const meta: GanCheckpointMeta = {
    format: 'vitrine-gan-checkpoint',
    version: 1,
    step: state.step,
    config: state.config,
    shape: state.shape,
    dataHash: state.dataHash,
    weightsKey,
    weightsSha256: await sha256Hex(bytes),
    generator,
    discriminator,
    ...(generatorEma ? { generatorEma } : {}),
    optimizerG,
    optimizerD,
    wallMs: state.wallMs,
    cpuMs: state.cpuMs,
    backend: state.backend,
  };
  await store.put(metaKey(prefix), new TextEncoder().encode(JSON.stringify(meta, null, 1)), {
    contentType: 'application/json',
  });
  // Only our own old blob: a checkpoint.json copied from another prefix still names that prefix's
  // weights, and deleting them would break the run it was copied from.
  const ours = previous?.weightsKey.startsWith(`${prefix}/`) ?? false;
  if (previous && ours && previous.weightsKey !== weightsKey) await store.delete(previous.weightsKey);
  return meta;
}

/**
 * Reads the checkpoint under `prefix`, or `undefined` when there is none.
 *
 * @throws AppError('corrupt') when the JSON is invalid or the weights do not match their sha256.
 */
export async function loadCheckpoint(
  store: BlobStore,
  prefix: string,
): Promise<LoadedCheckpoint | undefined> {
  const meta = await readMeta(store, prefix);
  if (!meta) return undefined;
  const bytes = await store.get(meta.weightsKey);
  if ((await sha256Hex(bytes)) !== meta.weightsSha256) {
    throw new AppError('corrupt', `${meta.weightsKey}: sha256 does not match checkpoint.json`, {
      key: meta.weightsKey,
    });
  }
  return { meta, reader: new TensorReader(bytes, meta.weightsKey) };
}

/** Which generator of a checkpoint: the weight average when there is one (`auto`), or the last iterate. */
export type GeneratorChoice = 'auto' | 'last';

/**
 * Rebuilds the trained generator from the checkpoint under `prefix`; `undefined` when none.
 * `auto` (default) gives the EMA generator when the run kept one — the one that is evaluated,
 * exported and published — else the last weights.
 *
 * @example
 * const g = await loadGenerator(openStore('file://var/gan'), 'full');
 */
export async function loadGenerator(
  store: BlobStore,
  prefix: string,
  choice: GeneratorChoice = 'auto',
): Promise<
  { generator: tf.LayersModel; meta: GanCheckpointMeta; shape: GanImageShape; averaged: boolean } | undefined
> {
  const loaded = await loadCheckpoint(store, prefix);
  if (!loaded) return undefined;
  const { config } = loaded.meta;
  const shape = loaded.meta.shape ?? FASHION_SHAPE;
  const generator = generatorFor(config, shape, createRng(config.seed).fork('generator'));
  const ema = choice === 'auto' ? loaded.meta.generatorEma : undefined;
  loaded.reader.restoreModel(generator, ema ?? loaded.meta.generator);
  return { generator, meta: loaded.meta, shape, averaged: ema !== undefined };
}

/** Restores an Adam from checkpoint metadata (`m` entries first, then `v`). */
export function restoreAdam(
  opt: Adam,
  loaded: LoadedCheckpoint,
  meta: GanCheckpointMeta['optimizerG'],
): void {
  const half = meta.moments.length / 2;
  const read = (e: CheckpointTensor) => new Float32Array(loaded.reader.tensor(e));
  opt.load({ t: meta.t, m: meta.moments.slice(0, half).map(read), v: meta.moments.slice(half).map(read) });
}

async function readMeta(store: BlobStore, prefix: string): Promise<GanCheckpointMeta | undefined> {
  let raw: Uint8Array;
  try {
    raw = await store.get(metaKey(prefix));
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') return undefined;
    throw error;
  }
  const parsed = GanCheckpointMeta.safeParse(safeJson(new TextDecoder().decode(raw)));
  if (!parsed.success) {
    throw new AppError('corrupt', `${metaKey(prefix)}: not a GAN checkpoint (${parsed.error.message})`, {
      key: metaKey(prefix),
    });
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
