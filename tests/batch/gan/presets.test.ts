/**
 * Presets and the user's overrides: only options given explicitly override a preset.
 */
import { describe, expect, it } from 'vitest';
import { GanTrainConfig } from '#shared/schemas';
import { GAN_PRESET_VALUES, resolveGanConfig } from '../../../batch/src/models/gan/presets.ts';

describe('GAN presets', () => {
  it('keeps every preset value the user did not set (CLI options parse without defaults)', () => {
    for (const preset of ['demo', 'full'] as const) {
      expect(resolveGanConfig(GanTrainConfig.parse({ preset }))).toEqual(GAN_PRESET_VALUES[preset]);
    }
  });

  it('lets an explicit option override the preset', () => {
    const c = resolveGanConfig(GanTrainConfig.parse({ preset: 'full', emaDecay: '0.99', classWeight: '2' }));
    expect(c).toEqual({ ...GAN_PRESET_VALUES.full, emaDecay: 0.99, classWeight: 2 });
  });
});
