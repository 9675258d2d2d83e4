/** Known answers for TensorFlow's padding rules as ONNX pads (hand-computed from the TF docs). */
import { describe, expect, it } from 'vitest';
import { convPads, convTransposePads } from '../../../batch/src/onnx/index.ts';

describe('padding plans', () => {
  it("splits an odd 'same' total with the larger half after, as TensorFlow does", () => {
    // in 8, k 4, s 2: out 4, total (4-1)*2+4-8 = 2 → 1/1; in 7, k 4, s 1: total 3 → 1 before, 2 after.
    expect(convPads(8, 4, 2, 'same')).toEqual({ out: 4, begin: 1, end: 1 });
    expect(convPads(7, 4, 1, 'same')).toEqual({ out: 7, begin: 1, end: 2 });
    expect(convPads(7, 3, 2, 'valid')).toEqual({ out: 3, begin: 0, end: 0 });
  });

  it('plans transposed convolutions, including kernels smaller than the stride', () => {
    // 7×7 → 14×14 with k 4, s 2 (the generator's up-sampling step): total 2 → 1/1.
    expect(convTransposePads(7, 4, 2, 'same')).toEqual({ out: 14, begin: 1, end: 1, outputPadding: 0 });
    // k 5, s 2: total 3 → 1 before, 2 after.
    expect(convTransposePads(7, 5, 2, 'same')).toEqual({ out: 14, begin: 1, end: 2, outputPadding: 0 });
    // k 1 < s 3: no padding, two zero rows appended after.
    expect(convTransposePads(4, 1, 3, 'same')).toEqual({ out: 12, begin: 0, end: 0, outputPadding: 2 });
    expect(convTransposePads(4, 2, 3, 'valid')).toEqual({ out: 12, begin: 0, end: 0, outputPadding: 1 });
  });
});
