/**
 * A least-recently-used map bounded by a byte budget (not an entry count), because decoded
 * shards differ in size by orders of magnitude and an isolate has 128 MB in all.
 * Built on `Map`'s insertion order: a hit re-inserts the key at the end, eviction takes from
 * the front, so every operation is O(1) amortised.
 */

export interface LruStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

export class ByteLru<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private used = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  /** @param maxBytes total budget; an entry larger than this is never kept. */
  constructor(readonly maxBytes: number) {}

  /** The value for `key` (marking it most recently used), or undefined. */
  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  /**
   * Inserts or replaces `key`, then evicts least recently used entries until the total is
   * within budget. Returns false (and keeps nothing) when `bytes` alone exceeds the budget.
   *
   * @example
   * lru.set(ref.sha256, decoded, bytes.length);
   */
  set(key: string, value: V, bytes: number): boolean {
    this.delete(key);
    if (bytes > this.maxBytes) return false;
    this.map.set(key, { value, bytes });
    this.used += bytes;
    for (const [oldKey, old] of this.map) {
      if (this.used <= this.maxBytes) break;
      this.map.delete(oldKey);
      this.used -= old.bytes;
      this.evictions++;
    }
    return true;
  }

  delete(key: string): void {
    const entry = this.map.get(key);
    if (entry === undefined) return;
    this.map.delete(key);
    this.used -= entry.bytes;
  }

  stats(): LruStats {
    const { hits, misses, evictions } = this;
    return { entries: this.map.size, bytes: this.used, hits, misses, evictions };
  }
}
