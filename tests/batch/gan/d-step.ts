import type { Adam } from '../../../batch/src/models/gan/adam.ts';
import { discriminatorLoss } from '../../../batch/src/models/gan/losses.ts';
import { tf } from '../../../batch/src/runtime/tf.ts';

/**
 * One hinge-loss update of discriminator `d` on images `x` with labels `y`, the first half of the
 * batch playing "real" and the second half "fake" (the shape of a real D step, without a generator).
 */
export function hingeUpdate(d: tf.LayersModel, opt: Adam, x: tf.Tensor, y: tf.Tensor): void {
  opt.minimize(() => {
    const [r, f] = tf.split(d.apply([x, y], { training: true }) as tf.Tensor, 2) as [tf.Tensor, tf.Tensor];
    return discriminatorLoss('hinge', r, f);
  });
}
