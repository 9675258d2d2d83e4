/**
 * Sizes of the pipeline's GAN run (`--gan-preset`). Each names the GAN training preset plus what
 * the pipeline adds around it: how many images train and gate it, how hard the gate looks
 * (samples per category), the parity check's latents, and the library it renders.
 *
 * - `tiny`: seconds on one CPU core — tests and CI. A handful of steps on 20 images per
 *   category: it proves the loop, not the pictures.
 * - `demo`: the gan-train demo preset on all the images (minutes on 2 cores).
 * - `full`: the quality preset, for the GPU container (infra/k8s/retrain-cronjob.yaml).
 */
import type { CreativeLoopPreset, CreativeSize, CreativeTemplate, GanTrainConfig } from '#shared/schemas';
import { CREATIVE_SIZES } from '#shared/schemas';
import { type ClassifierConfig, DEFAULT_CLASSIFIER_CONFIG } from '../models/gan/classifier.ts';

export interface CreativeLoopPresetValues {
  gan: GanTrainConfig;
  trainPerClass?: number;
  validationPerClass?: number;
  classifier: ClassifierConfig;
  /** Generated samples per category the gate scores (each of candidate and live). */
  samplesPerClass: number;
  parityPerClass: number;
  variants: number;
  sizes: readonly CreativeSize[];
  templates: readonly CreativeTemplate[];
}

export const CREATIVE_LOOP_PRESET_VALUES: Record<CreativeLoopPreset, CreativeLoopPresetValues> = {
  tiny: {
    // Pinned (not inherited from `demo`) so tuning that preset never slows the tests down.
    gan: {
      preset: 'demo',
      steps: 3,
      batchSize: 8,
      width: 4,
      zDim: 8,
      emaDecay: 0,
      classWeight: 0,
      modeSeeking: 0,
      loss: 'ns',
      spectralNorm: false,
      minibatchStd: false,
    },
    trainPerClass: 20,
    validationPerClass: 10,
    classifier: { ...DEFAULT_CLASSIFIER_CONFIG, epochs: 1, batchSize: 32 },
    samplesPerClass: 10,
    parityPerClass: 2,
    variants: 1,
    sizes: ['medium-rectangle'],
    templates: ['classic'],
  },
  demo: {
    gan: { preset: 'demo' },
    classifier: DEFAULT_CLASSIFIER_CONFIG,
    samplesPerClass: 200,
    parityPerClass: 16,
    variants: 4,
    sizes: CREATIVE_SIZES,
    templates: ['classic'],
  },
  full: {
    gan: { preset: 'full' },
    classifier: DEFAULT_CLASSIFIER_CONFIG,
    samplesPerClass: 1000,
    parityPerClass: 16,
    variants: 8,
    sizes: CREATIVE_SIZES,
    templates: ['classic', 'bold'],
  },
};
