/**
 * Zero gradients for the comparison kernels that tfjs 4.22 leaves without one (Greater, Less,
 * LessEqual, Equal, NotEqual; GreaterEqual has one).
 *
 * Why: a second-order gradient (the WGAN gradient penalty differentiates ∇ₓD with respect to D's
 * weights) walks back through the masks that first-order gradients build, e.g. LeakyReLU's
 * gradient `where(x > 0, dy, α·dy)`. The walk reaches `Greater` and tfjs throws "gradient function
 * not found". A comparison is piecewise constant, so its gradient is zero almost everywhere —
 * exactly what tfjs already registers for GreaterEqual and Step. Backend-independent.
 */
import { tf } from './tf.ts';

const COMPARISONS = ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual'] as const;

let registered = false;

/** Registers zero gradients for comparison kernels that have none (idempotent). */
export function registerComparisonGradients(): void {
  if (registered) return;
  registered = true;
  for (const kernelName of COMPARISONS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as tf.Tensor[];
        return { a: () => tf.zerosLike(a as tf.Tensor), b: () => tf.zerosLike(b as tf.Tensor) };
      },
    });
  }
}
