import { describe, expect, it } from 'vitest';
import { maxIdBytes } from '../../../batch/src/index/quantize.ts';

describe('maxIdBytes', () => {
  it('counts UTF-8 bytes, not UTF-16 code units, whatever the order of the ids', () => {
    const ids = ['sku-1', 'ab', 'é', '€€', '😀', 'x'.repeat(5)];
    // 'sku-1' 5, 'é' 2, '€€' 6, '😀' 4 (a surrogate pair: 2 code units)
    expect(maxIdBytes(ids)).toBe(6);
    expect(maxIdBytes([...ids].reverse())).toBe(6);
    expect(maxIdBytes(['abcdef', '😀'])).toBe(6);
    expect(maxIdBytes(['abc', '😀😀'])).toBe(8);
    expect(maxIdBytes([])).toBe(0);
  });
});
