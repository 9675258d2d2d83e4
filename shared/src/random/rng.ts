/**
 * Seeded pseudo-random numbers shared by batch (training, sampling) and edge (tests, demo data).
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state,
 * passes PractRand to many TB) seeded through splitmix32. Only 32-bit integer arithmetic is
 * used for the stream itself, so the same seed yields the same numbers in Node and workerd.
 * `normal()` uses Math.log/sqrt/cos, which both runtimes take from the same V8 (fdlibm port).
 *
 * Forking: `fork(label)` derives a child from the parent's *seed key* and the label only, never
 * from the parent's current position. So forking does not consume parent numbers, and
 * `rng.fork('users')` is the same stream whether it is called first or after a million draws.
 */
import { hashLabel, mix32, splitmix32 } from './splitmix.ts';

const TWO_POW_32 = 0x1_0000_0000;

/** A deterministic random stream. Not cryptographically secure. */
export interface Rng {
  /** Uniform float in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n), without modulo bias; `n` a positive integer ≤ 2^32. */
  nextInt(n: number): number;
  /** Standard normal N(0, 1) via Box–Muller (the second value of each pair is cached). */
  normal(): number;
  /** Shuffles `arr` in place (Fisher–Yates) and returns it. */
  shuffle<T>(arr: T[]): T[];
  /** An independent child stream determined by this stream's seed and `label` only. */
  fork(label: string | number): Rng;
  /** Next raw u32 output; the primitive all other draws are built on. */
  nextU32(): number;
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  constructor(private readonly key: number) {
    const [a = 0, b = 0, c = 0] = splitmix32(key, 3);
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = 1; // sfc32's counter starts at 1 by convention.
    // Warm-up rounds, as recommended for sfc, so the first outputs are already well mixed.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextU32() / TWO_POW_32;
  }

  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new RangeError(`nextInt needs an integer in [1, 2^32], got ${n}`);
    }
    // Rejection sampling: accept only u32 values below the largest multiple of n.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const r = this.nextU32();
      if (r < limit) return r % n;
    }
  }

  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    // 1 - next() is in (0, 1], so the log is finite.
    const u1 = 1 - this.next();
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = arr[i] as T;
      arr[i] = arr[j] as T;
      arr[j] = tmp;
    }
    return arr;
  }

  fork(label: string | number): Rng {
    return new Sfc32(mix32(this.key ^ hashLabel(label)) ^ 0x3c6ef372);
  }
}

/**
 * Creates a seeded generator. Seeds are taken modulo 2^32 (integers) — a fractional or
 * non-finite seed is a programmer error and throws.
 *
 * @example
 * const rng = createRng(42);
 * const order = rng.shuffle([0, 1, 2, 3]);
 * const init = rng.fork('item-factors').normal() * 0.01;
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  return new Sfc32(hi === 0 ? lo : mix32(lo ^ mix32(hi)));
}
