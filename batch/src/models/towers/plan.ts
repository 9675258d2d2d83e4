/**
 * Which rows a tower run learns from: trained rows split (seeded) into train and a pseudo-cold
 * validation share, and the pools step blocks are drawn from.
 */
import type { Rng } from '#shared/random';
import {
  type Block,
  featureGroups,
  relevanceBlock,
  rowCounts,
  sampleAtMost,
  type TowerData,
  usersTouching,
} from './batches.ts';

/** The rows a run learns from, split into train and pseudo-cold validation. */
export interface Plan {
  counts: Float32Array;
  trainRows: Int32Array;
  validation: Block | null;
  /** Item side: users touching train items; user side: the train users. */
  userPool: Int32Array;
  /** Item side: the train items; user side: every item with an interaction. */
  itemPool: Int32Array;
  /** Item side: feature group of every item (identical features share a softmax column). */
  groupOf?: Int32Array;
}

/** Chooses train and validation rows and the pools batches are drawn from. */
export function planRows(
  data: TowerData,
  o: { validationShare: number; maxCandidates: number },
  rng: Rng,
): Plan {
  const counts = rowCounts(data);
  const eligible: number[] = [];
  for (let r = 0; r < counts.length; r++) if (counts[r]! > 0 && (data.trainable?.[r] ?? 1)) eligible.push(r);
  rng.shuffle(eligible);
  // Too few rows to hold any out: train the full budget on all of them.
  const nVal = eligible.length >= 50 ? Math.round(eligible.length * o.validationShare) : 0;
  const valRows = Int32Array.from(eligible.slice(0, nVal)).sort();
  const trainRows = Int32Array.from(eligible.slice(nVal)).sort();
  const item = data.side === 'item';
  const itemPool = item ? trainRows : itemsWithInteractions(data);
  const userPool = item ? usersTouching(data.positives, trainRows, data.numItems) : trainRows;
  const groupOf = item ? featureGroups(data.features) : undefined;
  let validation: Block | null = null;
  if (nVal > 0) {
    const users = item ? usersTouching(data.positives, valRows, data.numItems) : valRows;
    const items = item ? valRows : itemPool;
    validation = relevanceBlock(
      data.positives,
      sampleAtMost(users, 2048, rng),
      sampleAtMost(items, o.maxCandidates, rng),
      data.numItems,
      groupOf,
    );
    if (validation.positives === 0) validation = null;
  }
  return { counts, trainRows, validation, userPool, itemPool, ...(groupOf ? { groupOf } : {}) };
}

function itemsWithInteractions(data: TowerData): Int32Array {
  const seen = new Uint8Array(data.numItems);
  for (const i of data.positives.indices) seen[i] = 1;
  return Int32Array.from(Array.from({ length: data.numItems }, (_, i) => i).filter((i) => seen[i]));
}
