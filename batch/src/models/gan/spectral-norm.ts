/**
 * Spectral normalisation of the discriminator's weights (Miyato, Kataoka, Koyama & Yoshida,
 * "Spectral Normalization for Generative Adversarial Networks", ICLR 2018).
 *
 * Each normalised layer keeps its raw kernel W (trainable) and uses W̄ = W / σ(W), where σ(W) is
 * W's largest singular value, so every layer is 1-Lipschitz and D as a whole is bounded: the
 * discriminator cannot sharpen its decision surface without limit, the usual way it overpowers
 * the generator and drives it into a few modes. A conv kernel [kH, kW, in, out] is treated as the
 * matrix [kH·kW·in, out] (the paper's reshape, transposed).
 *
 * σ is estimated by power iteration, one iteration per discriminator update (the paper's
 * Algorithm 1): with persistent vectors u ∈ ℝ^out and v ∈ ℝ^(kH·kW·in),
 *
 *   v ← W u / ‖W u‖,   u ← Wᵀ v / ‖Wᵀ v‖,   σ ≈ vᵀ W u
 *
 * Because W moves little per update, u and v track the leading singular vectors and one
 * iteration per update suffices. u and v are non-trainable weights of the layer: saved in
 * checkpoints (a resumed run continues exactly) and constants in the gradient, so
 * ∂σ/∂W = v uᵀ as in the paper. {@link spectralPowerStep} runs the iteration outside the
 * gradient tape; the layers only read u and v.
 */
import { tf } from '../../runtime/tf.ts';

/** Unit vector in the direction of `x` (‖x‖ floored, so a zero vector stays finite). */
function unit(x: tf.Tensor): tf.Tensor {
  return tf.div(x, tf.maximum(tf.norm(x), 1e-12));
}

interface SpectralArgs {
  /** Output units (dense) or filters (conv). */
  units: number;
  useBias: boolean;
  name?: string;
}

/** The common part: the raw kernel, its bias, the power-iteration vectors and W̄ = W / σ. */
abstract class SpectralLayer extends tf.layers.Layer {
  protected kernel: tf.LayerVariable | undefined;
  protected bias: tf.LayerVariable | undefined;
  private u: tf.LayerVariable | undefined;
  private v: tf.LayerVariable | undefined;

  constructor(protected readonly args: SpectralArgs) {
    super(args.name === undefined ? {} : { name: args.name });
  }

  /** The kernel's shape for `inputShape`, and its row count as a matrix (all axes but the last). */
  protected abstract kernelShape(inputShape: number[]): number[];

  protected buildWeights(inputShape: number[]): void {
    const shape = this.kernelShape(inputShape);
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const zeros = tf.initializers.zeros();
    this.kernel = this.addWeight('kernel', shape, 'float32', zeros);
    if (this.args.useBias) this.bias = this.addWeight('bias', [this.args.units], 'float32', zeros);
    // Initialised by initWeights (sn_u random, see init.ts), then made consistent by a first step.
    this.u = this.addWeight('sn_u', [this.args.units], 'float32', zeros, undefined, false);
    this.v = this.addWeight('sn_v', [rows], 'float32', zeros, undefined, false);
    this.built = true;
  }

  private matrix(): tf.Tensor2D {
    const w = (this.kernel as tf.LayerVariable).read();
    return tf.reshape(w, [-1, this.args.units]);
  }

  /** One power iteration: updates u and v towards W's leading singular vectors. */
  powerStep(): void {
    tf.tidy(() => {
      const w = this.matrix();
      const u0 = tf.reshape((this.u as tf.LayerVariable).read(), [-1, 1]);
      const v = unit(tf.matMul(w, u0));
      const u = unit(tf.matMul(w, v, true, false));
      (this.v as tf.LayerVariable).write(tf.reshape(v, [-1]));
      (this.u as tf.LayerVariable).write(tf.reshape(u, [-1]));
    });
  }

  /** σ ≈ vᵀ W u with the current u and v (a scalar tensor; differentiable in W only). */
  sigma(): tf.Scalar {
    return tf.tidy(() => {
      const u = tf.reshape((this.u as tf.LayerVariable).read(), [-1, 1]);
      const v = tf.reshape((this.v as tf.LayerVariable).read(), [1, -1]);
      return tf.reshape(tf.matMul(tf.matMul(v, this.matrix()), u), []) as tf.Scalar;
    });
  }

  /** W̄ = W / σ in the kernel's own shape. */
  normalisedKernel(): tf.Tensor {
    return tf.div((this.kernel as tf.LayerVariable).read(), this.sigma());
  }

  protected addBias(y: tf.Tensor): tf.Tensor {
    return this.bias ? tf.add(y, this.bias.read()) : y;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.args.units, useBias: this.args.useBias };
  }
}

/** A dense layer (linear, optional bias) with a spectrally normalised kernel [in, units]. */
export class SpectralDense extends SpectralLayer {
  static readonly className = 'VitrineSpectralDense';

  protected kernelShape(inputShape: number[]): number[] {
    return [inputShape.at(-1) ?? 1, this.args.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.buildWeights(inputShape as number[]);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [...(inputShape as tf.Shape).slice(0, -1), this.args.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      return this.addBias(tf.matMul(x as tf.Tensor2D, this.normalisedKernel() as tf.Tensor2D));
    });
  }
}

/** A 4×4 conv, stride 2, padding 'same' (the discriminator's downsampling), spectrally normalised. */
export class SpectralConv2D extends SpectralLayer {
  static readonly className = 'VitrineSpectralConv2D';
  static readonly KERNEL = 4;
  static readonly STRIDE = 2;

  protected kernelShape(inputShape: number[]): number[] {
    const k = SpectralConv2D.KERNEL;
    return [k, k, inputShape.at(-1) ?? 1, this.args.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.buildWeights(inputShape as number[]);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = inputShape as tf.Shape;
    const out = (s: number | null | undefined) => (s == null ? null : Math.ceil(s / SpectralConv2D.STRIDE));
    return [n ?? null, out(h), out(w), this.args.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const s = SpectralConv2D.STRIDE;
      return this.addBias(tf.conv2d(x, this.normalisedKernel() as tf.Tensor4D, [s, s], 'same'));
    });
  }
}

/** The spectrally normalised layers of `model`. */
export function spectralLayers(model: tf.LayersModel): SpectralLayer[] {
  return model.layers.filter((l): l is SpectralLayer => l instanceof SpectralLayer);
}

/**
 * One power iteration in every spectrally normalised layer of `model` (none: a no-op). Call once
 * per discriminator update, before the update's forward pass.
 *
 * @example
 * spectralPowerStep(discriminator);
 * optD.minimize(() => discriminatorLoss('hinge', …));
 */
export function spectralPowerStep(model: tf.LayersModel): void {
  for (const layer of spectralLayers(model)) layer.powerStep();
}
