/**
 * Fold-in parameters for small known-answer tests: the plain objective (unobserved weight and
 * ridge 0.1, confidence 1 + α·w with α = 1, no frequency-scaled ridge, no user-activity
 * weighting), so an expected vector can be worked out by hand.
 */
import type { FoldInParams } from '../../batch/src/models/mf/index.ts';

/**
 * @example
 * const params = plainFoldIn(2, Float64Array.of(1, 0, 0, 1), 2);
 */
export function plainFoldIn(
  dim: number,
  gramian: Float32Array | Float64Array,
  numItems: number,
): FoldInParams {
  return {
    dim,
    gramian,
    numItems,
    unobservedWeight: 0.1,
    regularization: 0.1,
    regularizationExponent: 0,
    alpha: 1,
    activityExponent: 0,
    activityScale: 1,
  };
}
