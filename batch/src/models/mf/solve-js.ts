/**
 * The row solves of an iALS half-sweep as plain typed-array loops: the path that runs on the
 * WASM backend (and in tests), where it measured faster than batching the same work through
 * tfjs ops (docs/benchmarks.md, MovieLens section, "Solver paths").
 *
 * Two solvers for the same system (half-sweep.ts):
 * - `cholesky`: builds A_u = α0·G + Σ c·y·yᵀ + reg·I and solves exactly;
 *   O(|I_u|·d² + d³) per row.
 * - `cg`: a few conjugate-gradient steps warm-started from the previous x_u, never forming A_u:
 *   A·p = α0·G·p + reg·p + Σ c·(y·p)·y; O(steps·(d² + |I_u|·d)) per row (Takács et al. 2011;
 *   the approach of the `implicit` library). The warm start makes 2–4 steps enough in practice.
 */

import { type HalfSweep, rowRegularization } from './half-sweep.ts';
import { choleskyInPlace, choleskySolveInPlace, symMatVec } from './linalg.ts';

/** Scratch buffers reused across rows so the hot loop allocates nothing. */
interface Scratch {
  a: Float64Array;
  x: Float64Array;
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
}

function scratch(dim: number): Scratch {
  return {
    a: new Float64Array(dim * dim),
    x: new Float64Array(dim),
    r: new Float64Array(dim),
    p: new Float64Array(dim),
    ap: new Float64Array(dim),
  };
}

/**
 * Solves rows [from, to) of `sweep` in place (into `sweep.solved`).
 *
 * @example
 * solveRowsJs(sweep, 0, numUsers);
 */
export function solveRowsJs(sweep: HalfSweep, from: number, to: number): void {
  const s = scratch(sweep.dim);
  for (let row = from; row < to; row++) {
    const start = sweep.rows.indptr[row]!;
    const end = sweep.rows.indptr[row + 1]!;
    if (end === start) {
      // No observations: the minimiser of α0·xᵀGx + reg·‖x‖² is x = 0.
      sweep.solved.fill(0, row * sweep.dim, (row + 1) * sweep.dim);
      continue;
    }
    const reg = rowRegularization(end - start, sweep.numFixed, sweep);
    if (sweep.solver === 'cholesky') choleskyRow(sweep, row, start, end, reg, s);
    else cgRow(sweep, row, start, end, reg, s);
  }
}

function choleskyRow(sweep: HalfSweep, row: number, start: number, end: number, reg: number, s: Scratch) {
  const { dim, fixed, gramian, unobservedWeight: a0 } = sweep;
  const { indices, confidence } = sweep.rows;
  const a = s.a;
  const b = s.x;
  // Lower triangle of α0·G + reg·I.
  for (let i = 0; i < dim; i++) {
    const ii = i * dim;
    for (let j = 0; j <= i; j++) a[ii + j] = a0 * gramian[ii + j]!;
    a[ii + i]! += reg;
    b[i] = 0;
  }
  for (let p = start; p < end; p++) {
    const o = indices[p]! * dim;
    const c = confidence[p]!;
    for (let i = 0; i < dim; i++) {
      const cyi = c * fixed[o + i]!;
      if (cyi === 0) continue;
      b[i]! += cyi;
      const ii = i * dim;
      for (let j = 0; j <= i; j++) a[ii + j]! += cyi * fixed[o + j]!;
    }
  }
  if (!choleskyInPlace(a, dim)) throw new RangeError(`iALS system of row ${row} is not positive definite`);
  choleskySolveInPlace(a, dim, b);
  const out = row * dim;
  for (let i = 0; i < dim; i++) sweep.solved[out + i] = b[i]!;
}

/** A·v for row u without forming A: α0·G·v + reg·v + Σ c·(y·v)·y. */
function applyA(
  sweep: HalfSweep,
  start: number,
  end: number,
  reg: number,
  v: Float64Array,
  out: Float64Array,
): void {
  const { dim, fixed } = sweep;
  const { indices, confidence } = sweep.rows;
  symMatVec(sweep.gramian, v, dim, sweep.unobservedWeight, out);
  for (let i = 0; i < dim; i++) out[i]! += reg * v[i]!;
  for (let p = start; p < end; p++) {
    const o = indices[p]! * dim;
    let dot = 0;
    for (let i = 0; i < dim; i++) dot += fixed[o + i]! * v[i]!;
    const w = confidence[p]! * dot;
    for (let i = 0; i < dim; i++) out[i]! += w * fixed[o + i]!;
  }
}

function cgRow(sweep: HalfSweep, row: number, start: number, end: number, reg: number, s: Scratch) {
  const { dim, fixed, solved } = sweep;
  const { indices, confidence } = sweep.rows;
  const { x, r, p, ap } = s;
  const base = row * dim;
  for (let i = 0; i < dim; i++) x[i] = solved[base + i]!;
  // r = b − A·x, with b = Σ c·y.
  applyA(sweep, start, end, reg, x, ap);
  for (let i = 0; i < dim; i++) r[i] = -ap[i]!;
  for (let q = start; q < end; q++) {
    const o = indices[q]! * dim;
    const c = confidence[q]!;
    for (let i = 0; i < dim; i++) r[i]! += c * fixed[o + i]!;
  }
  let rs = 0;
  for (let i = 0; i < dim; i++) {
    p[i] = r[i]!;
    rs += r[i]! * r[i]!;
  }
  for (let step = 0; step < sweep.cgSteps && rs > 1e-20; step++) {
    applyA(sweep, start, end, reg, p, ap);
    let pap = 0;
    for (let i = 0; i < dim; i++) pap += p[i]! * ap[i]!;
    if (!(pap > 0)) break;
    const alpha = rs / pap;
    let rsNew = 0;
    for (let i = 0; i < dim; i++) {
      x[i]! += alpha * p[i]!;
      r[i]! -= alpha * ap[i]!;
      rsNew += r[i]! * r[i]!;
    }
    const beta = rsNew / rs;
    for (let i = 0; i < dim; i++) p[i] = r[i]! + beta * p[i]!;
    rs = rsNew;
  }
  for (let i = 0; i < dim; i++) solved[base + i] = x[i]!;
}
