/**
 * `InteractionBuilder`: how loaders and the generator fill an `InteractionSet` without per-row
 * objects — ids interned incrementally, typed columns grown geometrically.
 */
import type { InteractionSet } from './interactions.ts';

const INITIAL_CAPACITY = 1024;

/**
 * Accumulates interactions, interning string ids incrementally and growing its typed columns
 * geometrically (×2), so adding n rows costs amortised O(1) each and no per-row objects.
 *
 * @example
 * const b = new InteractionBuilder();
 * b.add('alice', 'sku-1', 1, Date.parse('2026-01-01T00:00:00Z'));
 * b.add('bob', 'sku-1', 8);
 * const set = b.build(); // set.length === 2, set.itemIds === ['sku-1']
 */
export class InteractionBuilder {
  // Id → index maps are built on first use, so a generator that registers ids with
  // `appendUser`/`appendItem` (known unique) never pays for a 1M-entry Map.
  private userIndex: Map<string, number> | null = null;
  private itemIndex: Map<string, number> | null = null;
  private readonly userIds: string[] = [];
  private readonly itemIds: string[] = [];
  private users: Int32Array;
  private items: Int32Array;
  private weights: Float32Array;
  private timestamps: Float64Array | null = null;
  private n = 0;

  /** `capacity`: expected row count, to skip regrowth when it is known (e.g. synthetic data). */
  constructor(capacity = INITIAL_CAPACITY) {
    const cap = Math.max(1, Math.floor(capacity));
    this.users = new Int32Array(cap);
    this.items = new Int32Array(cap);
    this.weights = new Float32Array(cap);
  }

  /** Number of rows added so far. */
  get length(): number {
    return this.n;
  }

  /** Number of distinct users / items interned so far. */
  get userCount(): number {
    return this.userIds.length;
  }

  get itemCount(): number {
    return this.itemIds.length;
  }

  /** External id of user index `u` (undefined when out of range). */
  userIdAt(u: number): string | undefined {
    return this.userIds[u];
  }

  /** External id of item index `i` (undefined when out of range). */
  itemIdAt(i: number): string | undefined {
    return this.itemIds[i];
  }

  /** Index of `id`, interning it as a new user if unseen. */
  internUser(id: string): number {
    this.userIndex ??= indexOf(this.userIds);
    return intern(this.userIndex, this.userIds, id);
  }

  /** Index of `id`, interning it as a new item if unseen. */
  internItem(id: string): number {
    this.itemIndex ??= indexOf(this.itemIds);
    return intern(this.itemIndex, this.itemIds, id);
  }

  /**
   * Registers a user id the caller knows is new (no lookup) and returns its index. Passing an id
   * already registered is a programmer error that would give one id two indices.
   */
  appendUser(id: string): number {
    this.userIndex?.set(id, this.userIds.length);
    return this.userIds.push(id) - 1;
  }

  /** Like `appendUser`, for items. */
  appendItem(id: string): number {
    this.itemIndex?.set(id, this.itemIds.length);
    return this.itemIds.push(id) - 1;
  }

  /** Adds one row by external ids. `ts` is epoch ms; omit it when unknown. */
  add(user: string, item: string, weight = 1, ts?: number): void {
    this.addIndexed(this.internUser(user), this.internItem(item), weight, ts);
  }

  /**
   * Adds one row by indices already returned from `internUser`/`internItem` (the fast path for
   * generators that intern every id up front).
   */
  addIndexed(user: number, item: number, weight = 1, ts?: number): void {
    if (this.n === this.users.length) this.grow();
    this.users[this.n] = user;
    this.items[this.n] = item;
    this.weights[this.n] = weight;
    if (ts !== undefined) {
      if (this.timestamps === null) {
        // First timestamp seen: earlier rows had none.
        this.timestamps = new Float64Array(this.users.length).fill(Number.NaN);
      }
      this.timestamps[this.n] = ts;
    } else if (this.timestamps !== null) {
      this.timestamps[this.n] = Number.NaN;
    }
    this.n++;
  }

  /**
   * The rows added so far as an `InteractionSet`. The builder stays usable: later rows go past
   * `length`, so they never change a set already built. Columns are views of the builder's
   * buffers when those are at most 25% oversized (no copy of a 10M-row set), trimmed copies
   * otherwise (so spare capacity is not kept alive).
   */
  build(): InteractionSet {
    const n = this.n;
    const view = this.users.length - n <= n / 4;
    const cut = <T extends Int32Array | Float32Array | Float64Array>(a: T): T =>
      (view ? a.subarray(0, n) : a.slice(0, n)) as T;
    return {
      userIds: this.userIds.slice(),
      itemIds: this.itemIds.slice(),
      users: cut(this.users),
      items: cut(this.items),
      weights: cut(this.weights),
      timestamps: this.timestamps === null ? null : cut(this.timestamps),
      length: n,
    };
  }

  private grow(): void {
    const cap = this.users.length * 2;
    this.users = growInt32(this.users, cap);
    this.items = growInt32(this.items, cap);
    const w = new Float32Array(cap);
    w.set(this.weights);
    this.weights = w;
    if (this.timestamps !== null) {
      const t = new Float64Array(cap).fill(Number.NaN);
      t.set(this.timestamps);
      this.timestamps = t;
    }
  }
}

function indexOf(ids: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) map.set(ids[i]!, i);
  return map;
}

function intern(map: Map<string, number>, ids: string[], id: string): number {
  let i = map.get(id);
  if (i === undefined) {
    i = ids.length;
    map.set(id, i);
    ids.push(id);
  }
  return i;
}

function growInt32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
