/**
 * A shop's own product pictures as GAN data: from a folder (`<dir>/<category>/<picture>`) or a
 * picture list (JSON lines of {@link GanPictureRef}: picture URL or path + category path, what a
 * catalogue item carries), decoded and resampled to `side × side` RGB (models/gan/images.ts).
 *
 * Categories: the path cut to its first `categoryDepth` levels (`Home > Kitchen > Knives` at depth
 * 1 is `Home`), because a generator needs many pictures per class and shops have thousands of
 * leaf categories; classes with fewer than `minPerCategory` pictures are left out and reported.
 * The class list, sorted, becomes the generator's (it travels in the checkpoint and the
 * generator's manifest entry). Each category is split into train / validation / test (a sixth
 * each held out, seeded), as Fashion-MNIST is. A picture that cannot be read or decoded is
 * skipped and reported, never fatal on its own.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '#shared/errors';
import { GanPictureRef, issueText } from '#shared/schemas';
import { type GanData, type GanImageSet, holdOutValidation } from '../models/gan/dataset.ts';
import { toRgbSquare } from '../models/gan/images.ts';

export interface ShopImagesOptions {
  /** A folder with one sub-folder of pictures per category. */
  dir?: string;
  /** A JSON-lines file of `{ image, category }`. */
  list?: string;
  /** Side in pixels of the generator's images (divisible by 4; e.g. 32, 64). */
  side: number;
  categoryDepth?: number;
  minPerCategory?: number;
  /** Pictures read and decoded at once (default 8). */
  concurrency?: number;
}

export interface ShopImagesResult {
  data: GanData;
  pictures: number;
  skipped: { image: string; reason: string }[];
  droppedCategories: { category: string; pictures: number }[];
}

const PICTURE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif']);

/** The category a path stands for at `depth` levels (separators `>` or `/`). */
export function categoryAtDepth(path: string, depth: number): string {
  const parts = path
    .split(/[>/]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.slice(0, Math.max(1, depth)).join(' > ');
}

async function listPictures(o: ShopImagesOptions): Promise<GanPictureRef[]> {
  if (o.dir) {
    const root = resolve(o.dir);
    const out: GanPictureRef[] = [];
    for (const entry of await readdir(root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const file of (await readdir(join(root, entry.name))).sort()) {
        if (PICTURE_EXTENSIONS.has(extname(file).toLowerCase()))
          out.push({ image: join(root, entry.name, file), category: entry.name });
      }
    }
    return out;
  }
  if (!o.list) throw new AppError('invalid_argument', 'shop pictures need a folder or a picture list');
  const base = dirname(resolve(o.list));
  const lines = (await readFile(o.list, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const parsed = GanPictureRef.safeParse(json);
    if (!parsed.success) {
      throw new AppError(
        'invalid_argument',
        `${o.list}:${i + 1}: ${json === undefined ? 'not JSON' : issueText(parsed.error)}`,
        {
          field: 'image',
        },
      );
    }
    const { image } = parsed.data;
    return { ...parsed.data, image: /^[a-z]+:\/\//i.test(image) ? image : resolve(base, image) };
  });
}

async function readPicture(ref: string): Promise<Uint8Array> {
  if (/^https?:\/\//i.test(ref)) {
    const res = await fetch(ref, { signal: AbortSignal.timeout(20_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
  return new Uint8Array(await readFile(ref.startsWith('file://') ? fileURLToPath(ref) : ref));
}

/**
 * Reads, decodes and splits a shop's pictures.
 *
 * @example
 * const { data } = await loadShopImages({ dir: 'var/shop-pictures', side: 32 });
 */
export async function loadShopImages(o: ShopImagesOptions): Promise<ShopImagesResult> {
  const refs = await listPictures(o);
  const byCategory = new Map<string, GanPictureRef[]>();
  for (const r of refs) {
    const c = o.dir ? r.category : categoryAtDepth(r.category, o.categoryDepth ?? 1);
    // Appended in place: a copy per picture would be quadratic in a category's pictures.
    const pictures = byCategory.get(c);
    if (pictures) pictures.push(r);
    else byCategory.set(c, [r]);
  }
  const min = o.minPerCategory ?? 12;
  const dropped = [...byCategory].filter(([, rs]) => rs.length < min);
  const categories = [...byCategory.keys()].filter((c) => (byCategory.get(c)?.length ?? 0) >= min).sort();
  if (categories.length < 2) {
    throw new AppError(
      'precondition_failed',
      `a generator needs at least 2 categories with ≥ ${min} pictures; found ${categories.length} of ${byCategory.size}`,
    );
  }
  if (categories.length > 255) {
    throw new AppError(
      'precondition_failed',
      `${categories.length} categories: use a smaller --category-depth`,
    );
  }
  const px = o.side * o.side * 3;
  const todo = categories.flatMap((c, label) => (byCategory.get(c) ?? []).map((r) => ({ ...r, label })));
  const decoded: (Uint8Array | undefined)[] = new Array(todo.length);
  const skipped: ShopImagesResult['skipped'] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: o.concurrency ?? 8 }, async () => {
      for (let i = next++; i < todo.length; i = next++) {
        const t = todo[i]!;
        try {
          decoded[i] = await toRgbSquare(await readPicture(t.image), o.side, t.image);
        } catch (error) {
          skipped.push({ image: t.image, reason: error instanceof Error ? error.message : String(error) });
        }
      }
    }),
  );
  const kept = todo.map((t, i) => ({ t, px: decoded[i] })).filter((k) => k.px !== undefined);
  const all: GanImageSet = {
    images: new Uint8Array(kept.length * px),
    labels: Uint8Array.from(kept, (k) => k.t.label),
    count: kept.length,
    rows: o.side,
    cols: o.side,
    channels: 3,
  };
  for (const [i, k] of kept.entries()) all.images.set(k.px as Uint8Array, i * px);
  const { train: rest, validation: test } = holdOutValidation(all, categories.length, 1 / 6, 10_000, 'test');
  const { train, validation } = holdOutValidation(rest, categories.length, 1 / 5);
  return {
    data: { train, validation, test, categories },
    pictures: kept.length,
    skipped,
    droppedCategories: dropped.map(([category, rs]) => ({ category, pictures: rs.length })),
  };
}
