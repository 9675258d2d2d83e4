/**
 * A feature tower: multi-hot features → MLP → an embedding in the MF factor space.
 *
 *   g(f) = W₂ᵀ·relu(W₁ᵀ f + b₁) + W₀ᵀ f + b₂,   f ∈ {0,1}^m (towers/inputs.ts), g(f) ∈ ℝ^d
 *
 * One hidden layer (default 128 units): the point over the ridge map (models/mf/features.ts, which
 * is the linear path W₀ alone, fitted by regression) is that combinations of features can mean something
 * their parts do not ("animation" + "children" is not "animation" + "horror"), and that a ranking
 * loss (train.ts) can learn what a regression of factors cannot. Plain tf variables, not
 * tf.layers: the training loop is custom (a listwise loss against fixed MF vectors) and the
 * weights are read back as typed arrays.
 *
 * Backend: whatever runtime/tf.ts chose (tfjs-node-gpu in the GPU container, WASM here); nothing
 * here names a backend.
 */
import { tf } from '../../runtime/tf.ts';
import type { SparseFeatures } from '../mf/features.ts';
import { denseRows, type TowerVocabulary } from './inputs.ts';

export interface Tower {
  vocab: TowerVocabulary;
  hidden: number;
  dim: number;
  /** w0 [m × dim] (linear path), w1 [m × hidden], b1 [hidden], w2 [hidden × dim], b2 [dim]. */
  w0: tf.Variable;
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

/**
 * A freshly initialised tower (He-normal first layer, small second layer, output bias `bias` —
 * pass the teachers' mean vector so the untrained tower already answers "the average item").
 *
 * @example
 * const tower = createTower(vocab, 128, 64, 42, meanFactor);
 */
export function createTower(
  vocab: TowerVocabulary,
  hidden: number,
  dim: number,
  seed: number,
  bias?: Float32Array,
): Tower {
  const m = Math.max(1, vocab.names.length);
  const init = (make: () => tf.Tensor) => tf.tidy(() => tf.variable(make()));
  // tfjs reads a seed of 0 as "no seed" (Math.random), so seed 0 would draw a different tower on
  // every run; 0 maps to another constant, every other seed is passed as before.
  const tfSeed = (s: number) => (s === 0 ? 0x5eed : s);
  return {
    vocab,
    hidden,
    dim,
    w0: init(() => tf.zeros([m, dim])),
    w1: init(() => tf.randomNormal([m, hidden], 0, Math.sqrt(2 / m), 'float32', tfSeed(seed))),
    b1: init(() => tf.zeros([hidden])),
    w2: init(() => tf.randomNormal([hidden, dim], 0, 0.1 / Math.sqrt(hidden), 'float32', tfSeed(seed + 1))),
    b2: init(() => (bias ? tf.tensor1d(bias) : tf.zeros([dim]))),
  };
}

/** The tower's trainable variables, in a fixed order. */
export const towerVariables = (t: Tower): tf.Variable[] => [t.w0, t.w1, t.b1, t.w2, t.b2];

/**
 * g(x) for a dense input block [rows × m] (call inside tf.tidy).
 *
 * @example
 * const g = tf.tidy(() => towerForward(tower, tf.tensor2d(block, [rows, m])));
 */
export function towerForward(t: Tower, x: tf.Tensor2D): tf.Tensor2D {
  const h = tf.relu(tf.add(tf.matMul(x, t.w1 as tf.Tensor2D), t.b1));
  return tf.add(
    tf.add(tf.matMul(h, t.w2 as tf.Tensor2D), tf.matMul(x, t.w0 as tf.Tensor2D)),
    t.b2,
  ) as tf.Tensor2D;
}

/**
 * The tower's input block for `rows` of `features` as a tensor [rows × max(1, m)] (a tower with
 * an empty vocabulary has one always-zero input, so it answers its bias).
 */
export function towerInput(t: Tower, features: SparseFeatures, rows: ArrayLike<number>): tf.Tensor2D {
  const m = t.vocab.names.length;
  const block = m === 0 ? new Float32Array(rows.length) : denseRows(features, t.vocab, rows);
  return tf.tensor2d(block, [rows.length, Math.max(1, m)]);
}

/**
 * Embeddings of `rows` of `features` (row-major rows × dim), computed in chunks.
 *
 * @example
 * const vectors = embedRows(tower, features, coldItems);
 */
export function embedRows(t: Tower, features: SparseFeatures, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * t.dim);
  const chunk = 4096;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = Array.from({ length: Math.min(chunk, rows.length - start) }, (_, b) => rows[start + b]!);
    const g = tf.tidy(() => towerForward(t, towerInput(t, features, part)));
    out.set(g.dataSync(), start * t.dim);
    g.dispose();
  }
  return out;
}

/** Copies of the current weights (to restore the best epoch). */
export function snapshot(t: Tower): Float32Array[] {
  return towerVariables(t).map((v) => v.dataSync().slice() as Float32Array);
}

/** Writes weights taken by `snapshot` back into the tower. */
export function restore(t: Tower, weights: Float32Array[]): void {
  tf.tidy(() => {
    towerVariables(t).forEach((v, k) => {
      v.assign(tf.tensor(weights[k]!, v.shape));
    });
  });
}

/** Frees the tower's tensors. */
export function disposeTower(t: Tower): void {
  for (const v of towerVariables(t)) v.dispose();
}
