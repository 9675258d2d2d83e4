/**
 * The GAN configuration of the creative job tests: the demo preset cut to one step of a tiny
 * network, with the preset's regularisers pinned off so that tuning the demo preset never changes
 * these tests' models.
 */
import { resolveGanConfig } from '../../../batch/src/models/gan/presets.ts';

export const tinyGanConfig = () =>
  resolveGanConfig({
    preset: 'demo',
    steps: 1,
    batchSize: 4,
    width: 4,
    zDim: 8,
    seed: 3,
    classWeight: 0,
    modeSeeking: 0,
    emaDecay: 0,
    loss: 'ns',
    spectralNorm: false,
    minibatchStd: false,
  });
