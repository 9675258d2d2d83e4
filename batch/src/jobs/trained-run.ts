/**
 * `TrainedRun`: what training hands to the steps after it (index build, quality gate, publish) —
 * the MF model, one metadata row per item in factor-row order, and the training metrics.
 *
 * In `vitrine pipeline` the value is passed along in memory. `vitrine train --out` keeps it in a
 * store so `vitrine index` / `vitrine publish` can pick it up later; this module is the only
 * place that knows that layout (`model/`, `items.jsonl`, `metrics.json`) and it validates every
 * document with its zod schema on the way back in.
 */
import * as z from 'zod';
import { unwrap } from '#shared/errors';
import {
  CategoryTree,
  decodeJson,
  ItemCard,
  ItemMetadataRow,
  TrainingMetrics,
  TrainingPairs,
} from '#shared/schemas';
import { type BlobStore, getIfPresent } from '#shared/storage';
import type { Catalogue } from '../data/catalogue.ts';
import { catalogueJsonl, parseNormalisedCatalogue } from '../data/catalogue-publish.ts';
import { TRAINING_PAIRS_KEY } from '../eval/leakage.ts';
import { loadModel, type MfModel, saveModel } from '../models/mf/model.ts';

export interface TrainedRun {
  model: MfModel;
  /** One row per item of `model.itemIds`, same order. */
  items: ItemMetadataRow[];
  metrics: TrainingMetrics;
  /** A sample of the (user, item) pairs the model was trained on (eval/leakage.ts). */
  trainingPairs?: TrainingPairs | undefined;
  /** The catalogue's category tree, when training had a catalogue (published with the model). */
  categories?: CategoryTree | undefined;
  /** Every catalogue item's card (published as the manifest's `itemCards`), with `categories`. */
  cards?: ItemCard[] | undefined;
  /** The catalogue training had (published normalised with the model: `catalogue.normalised`). */
  catalogue?: Catalogue | undefined;
}

const ItemCards = z.array(ItemCard);

/** Keys of a kept run inside its store. */
export const TRAINED_RUN_KEYS = {
  model: 'model',
  items: 'items.jsonl',
  metrics: 'metrics.json',
  trainingPairs: TRAINING_PAIRS_KEY,
  categories: 'categories.json',
  cards: 'item-cards.json',
  catalogue: 'catalogue.jsonl',
} as const;

const encoder = new TextEncoder();

/**
 * Writes `run` to `store`; metrics.json goes last, so a reader that finds it finds the rest.
 *
 * @example
 * await writeTrainedRun(openStore('file://.vitrine/run'), run);
 */
export async function writeTrainedRun(store: BlobStore, run: TrainedRun): Promise<void> {
  await saveModel(store, TRAINED_RUN_KEYS.model, run.model);
  const lines = run.items.map((row) => `${JSON.stringify(ItemMetadataRow.parse(row))}\n`).join('');
  await store.put(TRAINED_RUN_KEYS.items, encoder.encode(lines));
  if (run.trainingPairs !== undefined) {
    const pairs = JSON.stringify(TrainingPairs.parse(run.trainingPairs));
    await store.put(TRAINED_RUN_KEYS.trainingPairs, encoder.encode(pairs), {
      contentType: 'application/json',
    });
  }
  await store.put(
    TRAINED_RUN_KEYS.metrics,
    encoder.encode(JSON.stringify(TrainingMetrics.parse(run.metrics), null, 2)),
    { contentType: 'application/json' },
  );
  const json = { contentType: 'application/json' };
  if (run.cards !== undefined) {
    await store.put(TRAINED_RUN_KEYS.cards, encoder.encode(JSON.stringify(ItemCards.parse(run.cards))), json);
  }
  if (run.categories !== undefined) {
    const tree = JSON.stringify(CategoryTree.parse(run.categories));
    await store.put(TRAINED_RUN_KEYS.categories, encoder.encode(tree), json);
  }
  if (run.catalogue !== undefined) await store.put(TRAINED_RUN_KEYS.catalogue, catalogueJsonl(run.catalogue));
}

/**
 * Reads a run written by `writeTrainedRun` (or `vitrine train --out`).
 *
 * @throws AppError('not_found') when a file is missing; AppError('corrupt') when one does not
 *   match its schema.
 * @example
 * const run = await readTrainedRun(openStore('file://.vitrine/run'));
 */
export async function readTrainedRun(store: BlobStore): Promise<TrainedRun> {
  const { metrics: metricsKey, items: itemsKey } = TRAINED_RUN_KEYS;
  const metrics = unwrap(decodeJson(await store.get(metricsKey), TrainingMetrics, metricsKey, metricsKey));
  const model = await loadModel(store, TRAINED_RUN_KEYS.model);
  const items = parseItemRows(await store.get(itemsKey));
  const categories = await readOptional(store, TRAINED_RUN_KEYS.categories, CategoryTree);
  const cards = await readOptional(store, TRAINED_RUN_KEYS.cards, ItemCards);
  // The blobs of a run trained without a catalogue are absent, not broken.
  const rows = await getIfPresent(store, TRAINED_RUN_KEYS.catalogue);
  const catalogue =
    rows === null ? undefined : parseNormalisedCatalogue(rows, TRAINED_RUN_KEYS.catalogue).data;
  return { model, items, metrics, categories, cards, catalogue };
}

/** A JSON file of the run that exists only when training had a catalogue. */
async function readOptional<S extends z.ZodType>(store: BlobStore, key: string, schema: S) {
  const bytes = await getIfPresent(store, key);
  return bytes === null ? undefined : unwrap(decodeJson(bytes, schema, key, key));
}

function parseItemRows(bytes: Uint8Array): ItemMetadataRow[] {
  const key = TRAINED_RUN_KEYS.items;
  return new TextDecoder()
    .decode(bytes)
    .split('\n')
    .map((line, n) => ({ line, n }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, n }) => unwrap(decodeJson(line, ItemMetadataRow, `${key} line ${n + 1}`, key)));
}
