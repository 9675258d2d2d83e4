/**
 * 32-bit mixing helpers used to seed and fork generators.
 *
 * Why: a raw seed like 1, 2, 3 has almost no entropy in its high bits; running it through
 * splitmix32 spreads every bit over the whole state, so nearby seeds give unrelated streams.
 * Everything here is `Math.imul` / `>>>` arithmetic, so Node and workerd agree bit for bit.
 */

/** The splitmix32 golden-ratio increment. */
const GOLDEN = 0x9e3779b9;

/**
 * One splitmix32 output for `state`; advance the state by `GOLDEN` between calls.
 *
 * @example
 * const a = mix32(0x9e3779b9 * 1); // well-mixed u32
 */
export function mix32(state: number): number {
  let z = state >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * Expands a seed into `n` well-mixed u32 words with splitmix32.
 *
 * @example
 * const [a, b, c, d] = splitmix32(42, 4);
 */
export function splitmix32(seed: number, n: number): number[] {
  const out: number[] = [];
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (state + GOLDEN) >>> 0;
    out.push(mix32(state));
  }
  return out;
}

/**
 * Folds a fork label (string or number) into a u32. Strings are hashed by UTF-16 code unit
 * with FNV-1a and then mixed; numbers are split into two 32-bit halves so 1 and 2**32+1 differ.
 *
 * @example
 * hashLabel('users') !== hashLabel('items');
 */
export function hashLabel(label: string | number): number {
  if (typeof label === 'number') {
    if (!Number.isFinite(label)) throw new RangeError(`fork label must be finite, got ${label}`);
    const lo = label >>> 0;
    const hi = Math.floor(label / 0x1_0000_0000) >>> 0;
    return mix32(mix32(lo ^ 0x6a09e667) ^ hi);
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  }
  // Distinguish string labels from numeric ones that happen to hash alike.
  return mix32(h ^ 0xbb67ae85);
}
