/**
 * Fashion-MNIST (Zalando Research, MIT): 28×28 grey product images in 10 categories, read from
 * the four official gzip'd IDX files in a directory.
 *
 * Where the data comes from is decided once, explicitly, and logged by the caller
 * ({@link locateFashionMnist}): an explicit path or `VITRINE_FASHION_MNIST`, then the team copy
 * beside the checkout (`../shared/data/fashion-mnist`), then the Debian package
 * `dataset-fashion-mnist`, then the small subset bundled in `data/fashion-mnist/` (which is what
 * tests and a fresh clone use).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AppError } from '#shared/errors';
import { parseIdx } from './idx.ts';

/** Category names in label order (0…9), as published with the data set. */
export const FASHION_CATEGORIES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/**
 * The class ids of a generator trained on Fashion-MNIST (label order): the category ids its
 * one-hot label stands for, published as the generator manifest entry's class list. The fashion
 * demo store uses them as its top-level categories, so its items' banners find their class.
 */
export const FASHION_CLASS_IDS = [
  'tshirt',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle_boot',
] as const;

/** One split: `count` images of `rows × cols` bytes (0 = background, 255 = ink) and labels 0…9. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

export interface FashionMnist {
  train: ImageSet;
  test: ImageSet;
  categories: readonly string[];
  /** Directory the files were read from. */
  dir: string;
}

export type FashionSource = 'explicit' | 'env' | 'team-shared' | 'debian' | 'bundled';

export interface FashionLocation {
  dir: string;
  source: FashionSource;
  /** Candidates checked before `dir`, with why each was skipped (for the log line). */
  skipped: string[];
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The subset that ships with the project (see data/fashion-mnist/README.md). */
export const BUNDLED_DIR = join(REPO_ROOT, 'data/fashion-mnist');
export const TEAM_SHARED_DIR = resolve(REPO_ROOT, '../shared/data/fashion-mnist');
export const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/**
 * Picks the directory to read: `explicit` if given (must exist), else env
 * `VITRINE_FASHION_MNIST`, else the team copy, else Debian's, else the bundled subset.
 *
 * @example
 * const loc = locateFashionMnist();
 * console.log(`fashion-mnist: ${loc.dir} (${loc.source})`);
 */
export function locateFashionMnist(explicit?: string): FashionLocation {
  if (explicit !== undefined) {
    if (!hasFiles(explicit)) {
      throw new AppError('not_found', `no Fashion-MNIST IDX files in ${explicit}`, { key: explicit });
    }
    return { dir: explicit, source: 'explicit', skipped: [] };
  }
  const candidates: [string | undefined, FashionSource][] = [
    [process.env.VITRINE_FASHION_MNIST, 'env'],
    [TEAM_SHARED_DIR, 'team-shared'],
    [DEBIAN_DIR, 'debian'],
    [BUNDLED_DIR, 'bundled'],
  ];
  const skipped: string[] = [];
  for (const [dir, source] of candidates) {
    if (dir === undefined || dir === '') continue;
    if (hasFiles(dir)) return { dir, source, skipped };
    skipped.push(`${source}: ${dir} (missing)`);
  }
  throw new AppError('not_found', `Fashion-MNIST not found; looked in: ${skipped.join('; ')}`);
}

/**
 * Reads and decodes the train and test splits from `dir` (files may be gzip'd or raw).
 *
 * @example
 * const data = loadFashionMnist(locateFashionMnist().dir);
 * data.train.count; // 60000 for the full set
 */
export function loadFashionMnist(dir: string): FashionMnist {
  return {
    train: readSplit(dir, FILES.trainImages, FILES.trainLabels),
    test: readSplit(dir, FILES.testImages, FILES.testLabels),
    categories: FASHION_CATEGORIES,
    dir,
  };
}

function readSplit(dir: string, imagesName: string, labelsName: string): ImageSet {
  const images = parseIdx(readMaybeGz(dir, imagesName), imagesName);
  const labels = parseIdx(readMaybeGz(dir, labelsName), labelsName);
  const [count = 0, rows = 0, cols = 0] = images.dims;
  if (images.dims.length !== 3 || labels.dims.length !== 1 || labels.dims[0] !== count) {
    throw new AppError(
      'corrupt',
      `${dir}: images ${images.dims.join('×')} do not match labels ${labels.dims.join('×')}`,
      { key: dir },
    );
  }
  for (const label of labels.data) {
    if (label >= FASHION_CATEGORIES.length) {
      throw new AppError('corrupt', `${labelsName}: label ${label} out of range 0…9`, { key: labelsName });
    }
  }
  return { images: images.data, labels: labels.data, count, rows, cols };
}

function readMaybeGz(dir: string, name: string): Uint8Array {
  const gz = join(dir, `${name}.gz`);
  if (existsSync(gz)) {
    try {
      return new Uint8Array(gunzipSync(readFileSync(gz)));
    } catch (cause) {
      throw new AppError('corrupt', `${gz}: not a valid gzip file`, { key: gz, cause });
    }
  }
  const raw = join(dir, name);
  if (existsSync(raw)) return new Uint8Array(readFileSync(raw));
  throw new AppError('not_found', `${gz} not found`, { key: gz });
}

function hasFiles(dir: string): boolean {
  return Object.values(FILES).every((f) => existsSync(join(dir, `${f}.gz`)) || existsSync(join(dir, f)));
}
