/**
 * GAN objectives, the loss-side remedies against mode collapse that a user can pick.
 * D(·) below is the discriminator's raw logit (critic value for WGAN); σ is the logistic.
 *
 * - `ns` (non-saturating, Goodfellow et al. 2014):
 *     L_D = −log σ(D(x)) − log(1 − σ(D(G(z))))   L_G = −log σ(D(G(z)))
 *   with one-sided label smoothing s: the real target is 1 − s (Salimans et al. 2016).
 *   −log σ(v) is written softplus(−v): tf.logSigmoid's gradient throws on intermediate tensors in
 *   tfjs 4.22 (see ../shared/notes/batch-stack.md).
 * - `hinge` (Lim & Ye 2017; used by SN-GAN/BigGAN):
 *     L_D = E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]   L_G = −E[D(G(z))]
 * - `wgan-gp` (Gulrajani et al. 2017):
 *     L_D = E[D(G(z))] − E[D(x)] + λ·E[(‖∇ₓ̂D(x̂)‖₂ − 1)²],  x̂ = εx + (1−ε)G(z), ε ~ U(0,1)
 *     L_G = −E[D(G(z))]
 *   plus a tiny drift term 1e-3·E[D(x)²] (Karras et al. 2018) that keeps the critic centred.
 */
import type { GanLoss } from '#shared/schemas';
import { registerComparisonGradients } from '../../runtime/comparison-gradients.ts';
import { tf } from '../../runtime/tf.ts';

export interface DiscriminatorLossOptions {
  /** One-sided label smoothing for `ns`: real target 1 − s. Ignored by the other losses. */
  labelSmoothing?: number;
}

/**
 * The discriminator's loss from its logits on a real and a generated batch (mean over the batch).
 * The gradient penalty of `wgan-gp` is added separately by {@link gradientPenalty}.
 *
 * @example
 * const loss = discriminatorLoss('hinge', d.apply([real, y]) as tf.Tensor, d.apply([fake, y]) as tf.Tensor);
 */
export function discriminatorLoss(
  kind: GanLoss,
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
  options: DiscriminatorLossOptions = {},
): tf.Scalar {
  return tf.tidy(() => {
    switch (kind) {
      case 'ns': {
        const t = 1 - (options.labelSmoothing ?? 0);
        // BCE with target t on real: t·softplus(−v) + (1−t)·softplus(v); target 0 on fake.
        const real = tf.add(
          tf.mul(t, tf.softplus(tf.neg(realLogits))),
          tf.mul(1 - t, tf.softplus(realLogits)),
        );
        return tf.add(tf.mean(real), tf.mean(tf.softplus(fakeLogits))) as tf.Scalar;
      }
      case 'hinge':
        return tf.add(
          tf.mean(tf.relu(tf.sub(1, realLogits))),
          tf.mean(tf.relu(tf.add(1, fakeLogits))),
        ) as tf.Scalar;
      case 'wgan-gp': {
        const drift = tf.mul(1e-3, tf.mean(tf.square(realLogits)));
        return tf.add(tf.sub(tf.mean(fakeLogits), tf.mean(realLogits)), drift) as tf.Scalar;
      }
    }
  });
}

/**
 * The generator's loss from the discriminator's logits on generated samples.
 *
 * @example
 * const loss = generatorLoss('ns', d.apply([g.apply([z, y]), y]) as tf.Tensor);
 */
export function generatorLoss(kind: GanLoss, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    kind === 'ns'
      ? (tf.mean(tf.softplus(tf.neg(fakeLogits))) as tf.Scalar)
      : (tf.neg(tf.mean(fakeLogits)) as tf.Scalar),
  );
}

/**
 * WGAN-GP penalty E[(‖∇ₓ̂ critic(x̂)‖₂ − 1)²] on random interpolates of `real` and `fake`
 * (`epsilon` [n] in [0,1], one per sample). Differentiable with respect to the critic's weights
 * (a second-order gradient: tf.grad inside the optimiser's tape), which our WASM conv kernels
 * support because each conv gradient is itself built from differentiable convs.
 *
 * @example
 * const gp = gradientPenalty((x) => d.apply([x, y]) as tf.Tensor, real, fake, tf.tensor1d(eps));
 */
export function gradientPenalty(
  critic: (x: tf.Tensor) => tf.Tensor,
  real: tf.Tensor,
  fake: tf.Tensor,
  epsilon: tf.Tensor1D,
): tf.Scalar {
  registerComparisonGradients();
  return tf.tidy(() => {
    const e = tf.reshape(epsilon, [-1, ...real.shape.slice(1).map(() => 1)]);
    const mixed = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake));
    // Summing over the batch gives each sample its own gradient (samples do not interact in D).
    const grads = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(mixed);
    const axes = real.shape.slice(1).map((_, i) => i + 1);
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(grads), axes), 1e-12));
    return tf.mean(tf.square(tf.sub(norms, 1))) as tf.Scalar;
  });
}
