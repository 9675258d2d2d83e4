/**
 * The IDX codec and the bundled Fashion-MNIST subset (data/fashion-mnist/).
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import {
  BUNDLED_DIR,
  FASHION_CATEGORIES,
  loadFashionMnist,
  locateFashionMnist,
} from '../../../batch/src/data/fashion-mnist.ts';
import { encodeIdx, parseIdx } from '../../../batch/src/data/idx.ts';

describe('IDX codec', () => {
  it('round-trips dims and bytes', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 7);
    const parsed = parseIdx(encodeIdx([2, 3, 4], data));
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect([...parsed.data]).toEqual([...data]);
  });

  it('rejects a truncated payload with a corrupt error', () => {
    const bytes = encodeIdx([5], Uint8Array.of(1, 2, 3, 4, 5)).subarray(0, 10);
    expect(() => parseIdx(bytes)).toThrow(expect.objectContaining({ kind: 'corrupt' }));
  });

  it('rejects a non-ubyte magic with a corrupt error', () => {
    const bytes = encodeIdx([1], Uint8Array.of(9));
    bytes[2] = 0x0d; // float type code
    expect(() => parseIdx(bytes)).toThrow(AppError);
  });
});

describe('bundled Fashion-MNIST subset', () => {
  const data = loadFashionMnist(BUNDLED_DIR);

  it('has 5,000 class-balanced training and 1,000 test images of 28×28', () => {
    expect(data.train.count).toBe(5000);
    expect(data.test.count).toBe(1000);
    for (const set of [data.train, data.test]) {
      expect([set.rows, set.cols]).toEqual([28, 28]);
      expect(set.images.length).toBe(set.count * 784);
      expect(set.labels.length).toBe(set.count);
    }
    const perClass = new Array(10).fill(0);
    for (const l of data.train.labels) perClass[l]++;
    expect(perClass).toEqual(new Array(10).fill(500));
  });

  it('has labels in 0…9 and real image content', () => {
    expect(Math.max(...data.test.labels)).toBe(9);
    expect(Math.min(...data.test.labels)).toBe(0);
    expect(new Set(data.test.labels).size).toBe(10);
    // Items are ink on a black background: some pixels saturate, most corners are empty.
    expect(Math.max(...data.train.images.subarray(0, 784))).toBeGreaterThan(200);
    expect(data.train.images[0]).toBe(0);
    expect(data.categories).toEqual(FASHION_CATEGORIES);
  });

  it('is found by an explicit path and refuses a directory without the files', () => {
    expect(locateFashionMnist(BUNDLED_DIR)).toMatchObject({ dir: BUNDLED_DIR, source: 'explicit' });
    const empty = mkdtempSync(join(tmpdir(), 'fmnist-'));
    expect(() => locateFashionMnist(empty)).toThrow(expect.objectContaining({ kind: 'not_found' }));
  });

  it('reports a damaged gzip file as corrupt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmnist-'));
    const ok = gzipSync(encodeIdx([1], Uint8Array.of(3)));
    const img = gzipSync(encodeIdx([1, 28, 28], new Uint8Array(784)));
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), img);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), ok);
    writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), img.subarray(0, img.length - 8));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), ok);
    expect(() => loadFashionMnist(dir)).toThrow(expect.objectContaining({ kind: 'corrupt' }));
  });
});
