/**
 * Seeded data with a planted feature → taste structure for the tower tests. Items have a colour
 * (4) and a style (4); users have one of 4 tastes t and like exactly the items whose
 * (colour + style) mod 4 = t. Every colour and every style is liked equally often by every
 * taste, so no feature *alone* says anything: only their combination does. A linear map from
 * features (the ridge map) cannot express it; a tower with a hidden layer can.
 */
import { createRng } from '#shared/random';
import { InteractionBuilder, type InteractionSet } from '../../../batch/src/data/interactions.ts';
import type { SparseFeatures } from '../../../batch/src/models/mf/features.ts';

export interface PlantedTastes {
  set: InteractionSet;
  itemFeatures: SparseFeatures;
  /** `taste=t` and a random `noise=k` per user. */
  userFeatures: SparseFeatures;
  taste: Int32Array;
  /** Liked class of each item: (colour + style) mod 4. */
  itemClass: Int32Array;
}

function multiHot(rows: string[][]): SparseFeatures {
  const names: string[] = [];
  const index = new Map<string, number>();
  const indptr = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  rows.forEach((row, r) => {
    for (const name of row) {
      if (!index.has(name)) index.set(name, names.push(name) - 1);
      indices.push(index.get(name)!);
    }
    indptr[r + 1] = indices.length;
  });
  return { names, indptr, indices: Int32Array.from(indices) };
}

/** `users` users and `items` items; each user touches each liked item with probability `density`. */
export function plantedTastes(seed: number, users = 120, items = 320, density = 0.4): PlantedTastes {
  const rng = createRng(seed);
  const b = new InteractionBuilder();
  const taste = Int32Array.from({ length: users }, (_, u) => u % 4);
  const colour = Int32Array.from({ length: items }, () => rng.nextInt(4));
  const style = Int32Array.from({ length: items }, () => rng.nextInt(4));
  const itemClass = Int32Array.from(colour, (c, i) => (c + style[i]!) % 4);
  for (let u = 0; u < users; u++) b.internUser(`u${u}`);
  for (let i = 0; i < items; i++) b.internItem(`i${i}`);
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) {
      if (itemClass[i] === taste[u] && rng.next() < density) b.addIndexed(u, i, 1);
    }
  }
  return {
    set: b.build(),
    itemFeatures: multiHot(Array.from(colour, (c, i) => [`colour=${c}`, `style=${style[i]}`])),
    userFeatures: multiHot(Array.from(taste, (t) => [`taste=${t}`, `noise=${rng.nextInt(3)}`])),
    taste,
    itemClass,
  };
}

/** Mean over `users` of the AUC of `liked(u, item)` items among `items`, scored by x_u·v. */
export function meanAuc(
  users: ArrayLike<number>,
  items: ArrayLike<number>,
  userVector: (u: number) => Float32Array,
  itemVector: (i: number) => Float32Array,
  liked: (u: number, i: number) => boolean,
): number {
  let total = 0;
  for (let k = 0; k < users.length; k++) {
    const u = users[k]!;
    const x = userVector(u);
    const scored = Array.from(items, (i) => ({ pos: liked(u, i), s: dot(x, itemVector(i)) }));
    let wins = 0;
    let pairs = 0;
    for (const p of scored) {
      if (!p.pos) continue;
      for (const n of scored) {
        if (n.pos) continue;
        wins += p.s > n.s ? 1 : p.s === n.s ? 0.5 : 0;
        pairs++;
      }
    }
    total += wins / pairs;
  }
  return total / users.length;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}
