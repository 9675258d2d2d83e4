/**
 * Adam (Kingma & Ba 2015) over a fixed, ordered list of variables, with state we can save.
 *
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  w ← w − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)
 *
 * Why not tf.train.adam: its bias-correction terms β1ᵗ, β2ᵗ are float32 variables multiplied
 * once per step, but `setWeights` rebuilds them with pow(), so a resumed run drifts from an
 * uninterrupted one in the last bits (and a GAN amplifies that). Here the step count t is the
 * whole bias-correction state, computed in float64 from t, so save → load → continue reproduces
 * an uninterrupted run exactly.
 */
import { tf } from '../../runtime/tf.ts';

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon?: number;
}

export interface AdamState {
  /** Updates applied so far. */
  t: number;
  /** First and second moments, one per variable, in variable order. */
  m: tf.Tensor[];
  v: tf.Tensor[];
}

export class Adam {
  private t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    private readonly vars: tf.Variable[],
    private options: AdamOptions,
  ) {
    this.m = vars.map((w) => tf.variable(tf.zerosLike(w), false));
    this.v = vars.map((w) => tf.variable(tf.zerosLike(w), false));
  }

  /**
   * Computes the gradients of `loss` with respect to the variables and applies one update.
   * Returns the loss value's tensor (caller disposes) so it can be read only when needed.
   *
   * @example
   * const loss = adam.minimize(() => generatorLoss('ns', logits()));
   */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    const { value, grads } = tf.variableGrads(loss, this.vars);
    this.t += 1;
    const { lr, beta1, beta2 } = this.options;
    const eps = this.options.epsilon ?? 1e-8;
    const stepSize = (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    tf.tidy(() => {
      this.vars.forEach((w, i) => {
        const g = grads[w.name];
        if (!g) throw new Error(`no gradient for ${w.name}`);
        const m = this.m[i] as tf.Variable;
        const v = this.v[i] as tf.Variable;
        m.assign(tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g)));
        v.assign(tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g))));
        w.assign(tf.sub(w, tf.mul(stepSize, tf.div(m, tf.add(tf.sqrt(v), eps)))));
      });
    });
    tf.dispose(grads);
    return value;
  }

  /** Changes the learning rate from the next update on (for schedules). */
  setLearningRate(lr: number): void {
    this.options = { ...this.options, lr };
  }

  /** The state to checkpoint (tensors are views of live variables; read them before the next step). */
  state(): AdamState {
    return { t: this.t, m: this.m, v: this.v };
  }

  /** Restores a saved state; shapes must match the variables. */
  load(state: { t: number; m: Float32Array[]; v: Float32Array[] }): void {
    if (state.m.length !== this.vars.length || state.v.length !== this.vars.length) {
      throw new Error(`Adam state has ${state.m.length} moments for ${this.vars.length} variables`);
    }
    this.t = state.t;
    this.vars.forEach((w, i) => {
      (this.m[i] as tf.Variable).assign(tf.tensor(state.m[i] as Float32Array, w.shape));
      (this.v[i] as tf.Variable).assign(tf.tensor(state.v[i] as Float32Array, w.shape));
    });
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}

/** The tf.Variables behind a layers model's trainable weights, in `trainableWeights` order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
