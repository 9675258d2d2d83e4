/**
 * Named GAN training presets and the merge of a user's overrides onto one.
 *
 * - `demo`: finishes in minutes on 2 CPU cores (WASM backend) and already draws recognisable
 *   items; small widths, 1,000 steps.
 * - `full`: the quality preset: the same model trained 8× as long, 8,000 steps (about 25
 *   CPU-minutes at ~0.18 CPU-s per step on one core; ~5 epochs of the 50,000 images), with the
 *   generator's learning rate doubled to 6e-4 (D stays at 3e-4).
 * Both use the hinge loss with a spectrally normalised discriminator (SN-GAN, Miyato et al. 2018)
 * and Adam(β1 = 0.5), and evaluate/export an exponential moving average of the generator's weights
 * (EMA 0.995: its horizon 1/(1−d) is 200 steps, at most a fifth of a run, so the untrained start
 * weighs < 1 %). Chosen on the validation split (docs/benchmarks.md, bench:gan-options):
 * at 1,000 steps SN + hinge + EMA had the lowest Fréchet distance of the variants measured, with
 * the same minimum diversity as the non-saturating loss + EMA; the same run extended to 2,000,
 * 4,000, 6,000 and 8,000 steps improved at every stage (Fréchet distance, and min diversity
 * from below 0.8 to above 0.9), so `full` is the longest of them: the longest schedule three seeds
 * could be trained with on the shared CPU. It still improved at 8,000, so on a GPU train longer
 * (README, "Creative generator"). Levers screened on the validation split (bench:gan-screen, one
 * seed): the faster G (lrG 6e-4) lowered the Fréchet distance at every stage at the same cost per
 * step (7.4 → 5.7 at 2,000 steps, 4.1 → 3.6 at 4,000, 2.80 → 2.54 at 8,000), so `full` has it;
 * a slow G (TTUR 1e-4 / 4e-4), width 48 (1.7× the CPU per step), a 2× wider D (2×), a
 * learning-rate decay over the second half and EMA 0.999 did not pay per CPU-minute. `demo` keeps
 * 3e-4: at 1,000 steps the faster G lowered FD (9.9 vs 11.1) but put class-correct 5.0 points above
 * the reference, the edge of that target, with no better diversity. A larger batch and 2 D steps
 * were not measured. ns, WGAN-GP and the minibatch-std channel are options.
 *
 * No auxiliary classifier loss (classWeight 0) and no mode-seeking term in either preset: the
 * earlier `full` (classWeight 1, modeSeeking 1) scored 95.9 % class-correct, *above* the 89.5 % the
 * evaluation classifier reaches on real test images, with a Fréchet distance of 19.3 against 9.8
 * for the same run without them (500 samples per category, 2026-11-29) — the AC term bought
 * classifiability, not realism. Without it class-correct sat at the real-image reference
 * (89.2 %) with the best diversity (min 0.87). Measurements with the current evaluation
 * (validation split for choosing, 10,000 samples, seeds) are in docs/benchmarks.md.
 */
import { GanResolvedConfig, type GanTrainConfig } from '#shared/schemas';

/** The demo preset (a few minutes on 2 CPU cores); full differs only where it says. */
const DEMO = {
  loss: 'hinge',
  steps: 1000,
  batchSize: 32,
  dSteps: 1,
  labelSmoothing: 0.1,
  instanceNoise: 0,
  gpWeight: 10,
  classWeight: 0,
  modeSeeking: 0,
  emaDecay: 0.995,
  spectralNorm: true,
  minibatchStd: false,
  lrG: 3e-4,
  lrD: 3e-4,
  beta1: 0.5,
  beta2: 0.999,
  zDim: 32,
  width: 32,
  seed: 42,
} as const satisfies GanResolvedConfig;

export const GAN_PRESET_VALUES = {
  demo: DEMO,
  full: { ...DEMO, steps: 8000, lrG: 6e-4 },
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
