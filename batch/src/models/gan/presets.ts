/**
 * Named GAN training presets and the merge of a user's overrides onto one.
 *
 * - `demo`: finishes in a few minutes on 2 CPU cores (WASM backend) and already draws
 *   recognisable items; small widths, few steps.
 * - `full`: the quality target (≥ 90 % of samples classified as the asked category, no category
 *   below 0.7× the real diversity) in well under half an hour on the same machine.
 * Both use the non-saturating loss with one-sided label smoothing and Adam(β1 = 0.5), the DCGAN
 * recipe that converges fastest for small models; hinge and WGAN-GP are options.
 *
 * Measured (2026-11-29, 2 cores shared with other jobs, WASM; `vitrine gan-eval`, 500 samples per
 * category, seed 1234; FD = Fréchet distance generated–test in the classifier's feature space,
 * train–test floor 0.92 at this size; the classifier itself scores 89.5 % on real test images):
 *
 *   full variant (5000 steps)          class-correct  min diversity   FD    wall
 *   classWeight 0                          89.2 %      0.87 (Dress)    9.8   43 min*
 *   classWeight 2                          99.8 %      0.65 (Shirt)   12.2   12 min
 *   classWeight 3                          99.7 %      0.65 (Shirt)   14.1   12 min
 *   classWeight 2,   modeSeeking 1         98.3 %      0.74 (Shirt)   18.8   15 min
 *   classWeight 0.5, modeSeeking 1         93.9 %      0.78 (Shirt)   21.2   13 min
 *   classWeight 1,   modeSeeking 1 ← full  95.9 %      0.78 (Shirt)   19.3   12 min
 *   (* under heavy contention; CPU time 13 min.) classWeight 0.5 alone was at 0.65 min diversity
 *   by step 2500, like every AC-only run: the auxiliary classifier alone buys class fidelity with
 *   diversity, the mode-seeking term buys it back. Seed 7 gives the chosen one 96.0 % / 0.77.
 *   Shirt is the weakest category everywhere (the classifier confuses real shirts too).
 * `npm run bench:gan -- --retrain` (100 samples per category, both trained fresh, load ≈ 1.6–3.6):
 * full 95.1 % / min diversity 0.80 (Shirt) / FD 23.67 vs train–test 5.69, 12.2 min wall;
 * demo 89.0 % / 0.70 (Coat) / FD 26.03, 2.2 min wall (docs/benchmarks.md).
 * demo: classWeight 0 gives 88.7 % / 0.72 / FD 24.1 in ~2.5 min; classWeight 1 + modeSeeking 1
 * raised class-correct to 92.2 % but drew visibly noisier items (FD 36.5), so demo stays plain.
 */
import { GanResolvedConfig, type GanTrainConfig } from '#shared/schemas';

export const GAN_PRESET_VALUES = {
  demo: {
    loss: 'ns',
    steps: 1000,
    batchSize: 32,
    dSteps: 1,
    labelSmoothing: 0.1,
    instanceNoise: 0,
    gpWeight: 10,
    classWeight: 0,
    modeSeeking: 0,
    lrG: 3e-4,
    lrD: 3e-4,
    beta1: 0.5,
    beta2: 0.999,
    zDim: 32,
    width: 32,
    seed: 42,
  },
  full: {
    loss: 'ns',
    steps: 5000,
    batchSize: 32,
    dSteps: 1,
    labelSmoothing: 0.1,
    instanceNoise: 0,
    gpWeight: 10,
    classWeight: 1,
    modeSeeking: 1,
    lrG: 2e-4,
    lrD: 2e-4,
    beta1: 0.5,
    beta2: 0.999,
    zDim: 64,
    width: 32,
    seed: 42,
  },
} as const satisfies Record<string, GanResolvedConfig>;

/**
 * The preset's values overridden by every option the user set explicitly.
 *
 * @example
 * resolveGanConfig({ preset: 'full', loss: 'hinge' }).steps; // the full preset's step count
 */
export function resolveGanConfig(options: GanTrainConfig): GanResolvedConfig {
  const { preset, ...overrides } = options;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return GanResolvedConfig.parse({ ...GAN_PRESET_VALUES[preset], ...defined });
}
