/**
 * Builds the small Fashion-MNIST copy that ships in data/fashion-mnist/ (for the demo, tests and
 * evaluation on a fresh clone) from the full official files.
 *
 *   npx tsx batch/scripts/make-fashion-subset.ts [--from DIR] [--to DIR] [--per-class N] [--test N]
 *
 * Train: the first N images of each category in file order (class-balanced; 500 by default, which
 * keeps the gzip'd files near 2.2 MB). Test: the first `--test` images in file order (1,000).
 * Same IDX + gzip format as the originals, so one loader reads both.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  BUNDLED_DIR,
  FASHION_CATEGORIES,
  type ImageSet,
  loadFashionMnist,
  locateFashionMnist,
} from '../src/data/fashion-mnist.ts';
import { encodeIdx } from '../src/data/idx.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string', default: BUNDLED_DIR },
    'per-class': { type: 'string', default: '500' },
    test: { type: 'string', default: '1000' },
  },
});
const perClass = Number(values['per-class']);
const testCount = Number(values.test);
const loc = locateFashionMnist(values.from);
if (loc.source === 'bundled') throw new Error('refusing to build the subset from itself; pass --from');
console.log(`reading ${loc.dir} (${loc.source})`);
const full = loadFashionMnist(loc.dir);

const trainIdx: number[] = [];
const taken = new Array<number>(FASHION_CATEGORIES.length).fill(0);
for (let i = 0; i < full.train.count; i++) {
  const c = full.train.labels[i] ?? 0;
  if ((taken[c] ?? 0) < perClass) {
    taken[c] = (taken[c] ?? 0) + 1;
    trainIdx.push(i);
  }
}
const testIdx = Array.from({ length: Math.min(testCount, full.test.count) }, (_, i) => i);

mkdirSync(values.to, { recursive: true });
write('train', full.train, trainIdx);
write('t10k', full.test, testIdx);
// Copy the bytes, not the file: the source may be read-only and the copy must stay editable.
writeFileSync(join(values.to, 'LICENSE'), readFileSync(join(loc.dir, 'LICENSE')));

function write(prefix: string, set: ImageSet, idx: number[]): void {
  const px = set.rows * set.cols;
  const images = new Uint8Array(idx.length * px);
  const labels = new Uint8Array(idx.length);
  idx.forEach((src, dst) => {
    images.set(set.images.subarray(src * px, (src + 1) * px), dst * px);
    labels[dst] = set.labels[src] ?? 0;
  });
  const files: [string, Uint8Array][] = [
    [
      `${prefix}-images-idx3-ubyte.gz`,
      gzipSync(encodeIdx([idx.length, set.rows, set.cols], images), { level: 9 }),
    ],
    [`${prefix}-labels-idx1-ubyte.gz`, gzipSync(encodeIdx([idx.length], labels), { level: 9 })],
  ];
  for (const [name, bytes] of files) {
    writeFileSync(join(values.to, name), bytes);
    console.log(`${name}: ${idx.length} items, ${(bytes.length / 1024).toFixed(0)} KiB`);
  }
}
