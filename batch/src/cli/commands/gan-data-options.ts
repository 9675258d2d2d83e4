/**
 * The data options gan-train and gan-eval share (evaluation must see the images and split that
 * training saw): Fashion-MNIST by default, or the shop's own pictures.
 */
import { z } from 'zod';
import type { GanDataOptions } from '../../jobs/gan-data.ts';

export const GanDataFlags = z.object({
  data: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Fashion-MNIST directory (default: $VITRINE_FASHION_MNIST, ../shared/data/fashion-mnist, ' +
        '/usr/share/datasets/fashion-mnist, then the bundled subset data/fashion-mnist)',
    ),
  imagesDir: z
    .string()
    .min(1)
    .optional()
    .describe("the shop's own pictures instead: a folder with one sub-folder per category"),
  imagesList: z
    .string()
    .min(1)
    .optional()
    .describe(
      "the shop's own pictures instead: JSON lines of {image, category} (image: http(s) URL, file:// URL or " +
        'path relative to the list; category: the item’s category path)',
    ),
  imageSide: z.coerce
    .number()
    .int()
    .min(8)
    .max(256)
    .default(32)
    .describe(
      'side in pixels shop pictures are resampled to (RGB; divisible by 4; Fashion-MNIST is 28 grey)',
    ),
  categoryDepth: z.coerce
    .number()
    .int()
    .min(1)
    .default(1)
    .describe('category path levels that make one generator class (picture lists only)'),
  minPerCategory: z.coerce
    .number()
    .int()
    .min(2)
    .default(12)
    .describe('categories with fewer pictures are left out of the generator'),
});
export type GanDataFlags = z.infer<typeof GanDataFlags>;

/** The job options the flags stand for. */
export function ganDataOptions(flags: GanDataFlags): GanDataOptions {
  const dir = flags.imagesDir;
  const list = flags.imagesList;
  if (dir === undefined && list === undefined) return { dataDir: flags.data };
  return {
    images: {
      dir,
      list,
      side: flags.imageSide,
      categoryDepth: flags.categoryDepth,
      minPerCategory: flags.minPerCategory,
    },
  };
}
