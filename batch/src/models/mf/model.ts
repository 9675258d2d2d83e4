/**
 * `MfModel`: a trained factor model with its id tables, and its storage layout.
 *
 * Saved under a prefix of any `BlobStore` as plain files, so the index builder, the publisher
 * and a human with `xxd` can all read them without this code:
 *   model.json        `MfModelMeta` (zod, shared/src/schemas/training.ts): dim, counts, config
 *   user-ids.txt      newline-separated ids (ids cannot contain newlines: see the `Id` schema)
 *   item-ids.txt
 *   user-factors.f32  raw little-endian f32, users × dim
 *   item-factors.f32  raw little-endian f32, items × dim
 *   item-gramian.f32  raw little-endian f32, dim × dim: YᵀY for the edge's fold-in
 *   feature-names.json / feature-weights.f32   side-feature map (rows: names…, then the intercept)
 * Raw f32 rather than the shard codec: these are whole matrices for batch steps, not edge shards;
 * the index builder re-encodes them into shards.
 */
import { endianness } from 'node:os';
import * as z from 'zod';
import { AppError, unwrap } from '#shared/errors';
import { decodeJson, type MfConfig, MfModelMeta } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { FeatureMap } from './features.ts';
import type { FoldInParams } from './fold-in.ts';
import { gramian } from './linalg.ts';

export interface MfModel {
  userIds: string[];
  itemIds: string[];
  dim: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  config: MfConfig;
  interactions: number;
  backend: string;
  /** s of the user-activity weighting it was trained with (ials.ts `activityScale`). */
  activityScale: number;
  features?: FeatureMap;
}

const FILES = {
  userIds: 'user-ids.txt',
  itemIds: 'item-ids.txt',
  userFactors: 'user-factors.f32',
  itemFactors: 'item-factors.f32',
  itemGramian: 'item-gramian.f32',
};
/** feature-names.json: the side-feature vocabulary, in weight-row order. */
const FeatureNames = z.array(z.string());
const FEATURE_FILES = { featureNames: 'feature-names.json', featureWeights: 'feature-weights.f32' };

if (endianness() !== 'LE') throw new Error('raw f32 model files assume a little-endian host');

const join = (prefix: string, key: string) => (prefix === '' ? key : `${prefix.replace(/\/$/, '')}/${key}`);
const bytesOf = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const text = new TextEncoder();

/**
 * The training constants a fold-in repeats (formula in fold-in.ts); the manifest's `foldIn`
 * section carries exactly these next to the Gramian.
 */
export function foldInConstants(config: MfConfig, activityScale: number) {
  return {
    regularization: config.regularization,
    regularizationExponent: config.regularizationExponent,
    unobservedWeight: config.unobservedWeight,
    alpha: config.alpha,
    activityExponent: config.activityExponent,
    activityScale,
  };
}

/** The fold-in parameters of a model (formula in fold-in.ts). */
export function foldInParams(model: MfModel): FoldInParams {
  return trainedFoldInParams(model.config, model, model.itemIds.length);
}

/**
 * The fold-in parameters of factors just trained with `config` (an `IalsResult`, before it becomes
 * an `MfModel`) over `numItems` items.
 *
 * @example
 * const params = trainedFoldInParams(config, await trainIals(train, config), train.itemIds.length);
 */
export function trainedFoldInParams(
  config: MfConfig,
  trained: { dim: number; itemFactors: Float32Array; activityScale: number },
  numItems: number,
): FoldInParams {
  return {
    dim: trained.dim,
    gramian: gramian(trained.itemFactors, numItems, trained.dim),
    numItems,
    ...foldInConstants(config, trained.activityScale),
  };
}

/**
 * Writes `model` under `prefix` (e.g. `model`); model.json goes last, so a reader that finds it
 * finds every file it names.
 *
 * @example
 * await saveModel(openStore('file://.vitrine/run1'), 'model', model);
 */
export async function saveModel(store: BlobStore, prefix: string, model: MfModel): Promise<MfModelMeta> {
  const files = model.features ? { ...FILES, ...FEATURE_FILES } : FILES;
  await store.put(join(prefix, FILES.userIds), text.encode(model.userIds.join('\n')));
  await store.put(join(prefix, FILES.itemIds), text.encode(model.itemIds.join('\n')));
  await store.put(join(prefix, FILES.userFactors), bytesOf(model.userFactors));
  await store.put(join(prefix, FILES.itemFactors), bytesOf(model.itemFactors));
  const g = Float32Array.from(gramian(model.itemFactors, model.itemIds.length, model.dim));
  await store.put(join(prefix, FILES.itemGramian), bytesOf(g));
  if (model.features) {
    const f = model.features;
    const weights = new Float32Array((f.names.length + 1) * f.dim);
    weights.set(f.weights);
    weights.set(f.bias, f.names.length * f.dim);
    await store.put(join(prefix, FEATURE_FILES.featureNames), text.encode(JSON.stringify(f.names)));
    await store.put(join(prefix, FEATURE_FILES.featureWeights), bytesOf(weights));
  }
  const meta = MfModelMeta.parse({
    format: 'vitrine-mf/1',
    createdAt: new Date().toISOString(),
    dim: model.dim,
    users: model.userIds.length,
    items: model.itemIds.length,
    interactions: model.interactions,
    backend: model.backend,
    config: model.config,
    activityScale: model.activityScale,
    files,
  });
  await store.put(join(prefix, 'model.json'), text.encode(JSON.stringify(meta, null, 2)), {
    contentType: 'application/json',
  });
  return meta;
}

/**
 * Reads a model written by `saveModel`, checking every file's size against model.json.
 *
 * @throws AppError('not_found') when there is no model there; AppError('corrupt') on a mismatch.
 * @example
 * const model = await loadModel(openStore('file://.vitrine/run1'), 'model');
 */
export async function loadModel(store: BlobStore, prefix: string): Promise<MfModel> {
  const metaKey = join(prefix, 'model.json');
  const meta = unwrap(decodeJson(await store.get(metaKey), MfModelMeta, metaKey, metaKey));
  const readIds = async (key: string, count: number) => {
    const body = new TextDecoder().decode(await store.get(join(prefix, key)));
    const ids = count === 0 ? [] : body.split('\n');
    if (ids.length !== count)
      throw new AppError('corrupt', `${key} has ${ids.length} ids, model.json says ${count}`);
    return ids;
  };
  const readF32 = async (key: string, count: number) => {
    const bytes = await store.get(join(prefix, key));
    if (bytes.byteLength !== count * 4) {
      throw new AppError('corrupt', `${key} has ${bytes.byteLength} bytes, expected ${count * 4}`, { key });
    }
    return new Float32Array(bytes.slice().buffer);
  };
  const model: MfModel = {
    userIds: await readIds(meta.files.userIds, meta.users),
    itemIds: await readIds(meta.files.itemIds, meta.items),
    dim: meta.dim,
    userFactors: await readF32(meta.files.userFactors, meta.users * meta.dim),
    itemFactors: await readF32(meta.files.itemFactors, meta.items * meta.dim),
    config: meta.config,
    interactions: meta.interactions,
    backend: meta.backend,
    activityScale: meta.activityScale,
  };
  if (meta.files.featureNames && meta.files.featureWeights) {
    const namesKey = join(prefix, meta.files.featureNames);
    const names = unwrap(decodeJson(await store.get(namesKey), FeatureNames, namesKey, namesKey));
    const all = await readF32(meta.files.featureWeights, (names.length + 1) * meta.dim);
    model.features = {
      dim: meta.dim,
      names,
      weights: all.slice(0, names.length * meta.dim),
      bias: all.slice(names.length * meta.dim),
    };
  }
  return model;
}
