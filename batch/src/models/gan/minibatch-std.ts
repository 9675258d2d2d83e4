/**
 * Minibatch standard deviation layer (Karras, Aila, Laine & Lehtinen, "Progressive Growing of
 * GANs", ICLR 2018, §3): a remedy against mode collapse that lets the discriminator see how
 * varied a batch is. For each group of `groupSize` consecutive samples it takes the standard
 * deviation of every feature over the group, averages those into one number, and appends it as
 * an extra constant feature map to each sample of the group:
 *
 *   s_g = mean_{h,w,c} sqrt(Var_{i∈g}[x_i,h,w,c] + 1e-8),   output = concat(x, s_g·1)   [n, h, w, c+1]
 *
 * A collapsed generator draws near-identical samples, so its groups have a small s: D can tell
 * them from real groups and G is pushed to spread out.
 *
 * Groups are *consecutive* samples: the training step feeds real and fake as one batch
 * [real; fake] of 2B, so with a group size that divides B no group mixes real with fake (a mixed
 * group would leak which half is which into both). The group is the largest divisor of the batch
 * that is ≤ `groupSize`. Samples of a group interact, so a per-sample gradient (the WGAN gradient
 * penalty) also sees its group's other samples; use it with the ns or hinge loss.
 */
import { tf } from '../../runtime/tf.ts';

/** The group size used for a batch of `n`: the largest divisor of n that is ≤ `groupSize`. */
export function groupFor(n: number, groupSize: number): number {
  for (let g = Math.min(groupSize, n); g > 1; g--) if (n % g === 0) return g;
  return 1;
}

/** Appends the group standard deviation as one extra channel (NHWC in, NHWC out). */
export class MinibatchStd extends tf.layers.Layer {
  static readonly className = 'VitrineMinibatchStd';

  constructor(private readonly groupSize = 4) {
    super({});
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = inputShape as tf.Shape;
    return [...s.slice(0, -1), (s.at(-1) ?? 0) + 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [n, h, w, c] = x.shape;
      const g = groupFor(n, this.groupSize);
      const grouped = tf.reshape(x, [n / g, g, h, w, c]);
      const centred = tf.sub(grouped, tf.mean(grouped, 1, true));
      const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 1), 1e-8));
      const s = tf.reshape(tf.mean(std, [1, 2, 3]), [n / g, 1, 1, 1, 1]);
      const map = tf.reshape(tf.add(tf.zeros([n / g, g, h, w, 1]), s), [n, h, w, 1]);
      return tf.concat([x, map], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groupSize: this.groupSize };
  }
}
