import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '#shared/errors';
import type { MfConfig } from '#shared/schemas';
import { assembleKernels, MODULE_PATH, moduleSource } from '../../../batch/scripts/build-mf-wasm.ts';
import { trainIals } from '../../../batch/src/models/mf/ials.ts';
import { plantedBlocks, plantedConfig } from './planted.ts';

// γ pinned: on these tiny problems the warm-started CG solves rows exactly within a few sweeps and
// then keeps stepping on rounding noise (its stop is an absolute 1e-20 on r·r, which float32 never
// reaches), so float32 vs float64 agreement moves erratically with γ (measured max |Δ| over the
// factors: γ 0.25 / 0.3 / 0.35 / 0.375 → 2e-6 / 4e-4 / 3e-6 / 1.2e-4). Which γ does not matter here.
const cfg = (over: Partial<MfConfig> = {}) =>
  plantedConfig({ factors: 16, iterations: 4, activityExponent: 0.25, ...over });

const maxAbsDiff = (a: Float32Array, b: Float32Array) => {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
};

describe('iALS on the WASM SIMD kernels', () => {
  it('solves the same CG iterations as the float64 typed-array path, to float32 precision', async () => {
    const { set } = plantedBlocks(11, 3, 30, 25);
    const js = await trainIals(set, cfg({ compute: 'js' }));
    const wasm = await trainIals(set, cfg({ compute: 'wasm' }));
    expect(wasm.compute).toBe('wasm');
    expect(wasm.backend).toBe('wasm-simd');
    expect(maxAbsDiff(js.itemFactors, wasm.itemFactors)).toBeLessThan(1e-4);
    expect(maxAbsDiff(js.userFactors, wasm.userFactors)).toBeLessThan(1e-4);
  });

  for (const factors of [24, 40]) {
    it(`matches the float64 path where dim is not a multiple of 16 (${factors}: the 8-wide tail)`, async () => {
      // 63 users / 45 items: the Gramian's 4-row blocks leave a remainder on both sides.
      const { set } = plantedBlocks(15, 3, 21, 15);
      const js = await trainIals(set, cfg({ compute: 'js', factors, iterations: 3 }));
      const wasm = await trainIals(set, cfg({ compute: 'wasm', factors, iterations: 3 }));
      expect(maxAbsDiff(js.itemFactors, wasm.itemFactors)).toBeLessThan(1e-4);
      expect(maxAbsDiff(js.userFactors, wasm.userFactors)).toBeLessThan(1e-4);
    });
  }

  it('gives bit-identical factors with two worker threads and with one', async () => {
    const { set } = plantedBlocks(12, 3, 40, 30);
    const warnings: string[] = [];
    const one = await trainIals(set, cfg({ compute: 'wasm', threads: 1, iterations: 3 }));
    const two = await trainIals(set, cfg({ compute: 'wasm', threads: 2, iterations: 3 }), {
      onWarning: (m) => warnings.push(m),
    });
    expect(warnings).toEqual([]);
    expect(Buffer.from(two.itemFactors.buffer).equals(Buffer.from(one.itemFactors.buffer))).toBe(true);
    expect(Buffer.from(two.userFactors.buffer).equals(Buffer.from(one.userFactors.buffer))).toBe(true);
  });

  it('gives users and items without interactions zero vectors', async () => {
    const { set } = plantedBlocks(13, 2, 5, 5);
    const padded = { ...set, userIds: [...set.userIds, 'ghost'], itemIds: [...set.itemIds, 'unsold'] };
    const model = await trainIals(padded, cfg({ compute: 'wasm', iterations: 2 }));
    expect([...model.userFactors.subarray(-16)].every((v) => v === 0)).toBe(true);
    expect([...model.itemFactors.subarray(-16)].every((v) => v === 0)).toBe(true);
  });

  it('refuses a dimension the kernels cannot take, naming the field', async () => {
    const { set } = plantedBlocks(14, 2, 5, 5);
    const error = await trainIals(set, cfg({ compute: 'wasm', factors: 12 })).catch((e: unknown) => e);
    expect(isAppError(error) && error.kind === 'invalid_argument' && error.field).toBe('mf.compute');
  });

  it('ships kernels-wasm.ts assembled from the current kernels.wat', async () => {
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(moduleSource(await assembleKernels()));
  });
});
