/**
 * The last imported catalogue: `vitrine catalogue import` normalises a shop's feed to JSON lines
 * of `CatalogueItem`, stores them as a content-addressed blob of the model store and points at
 * it from `catalogues/current.json` (written last, like the manifest pointer). `vitrine pipeline`
 * without `--catalogue` trains with that blob (or the live manifest's, when that is newer) and
 * names it in the manifest's `catalogue.normalised`.
 */
import * as z from 'zod';
import { Timestamp } from './common.ts';
import { BlobRef } from './manifest.ts';

export const CATALOGUE_POINTER_KEY = 'catalogues/current.json';

export const CataloguePointer = z.object({
  format: z.literal('vitrine-catalogue'),
  /** JSON lines, one `CatalogueItem` per line, in feed order. */
  catalogue: BlobRef,
  items: z.number().int().nonnegative(),
  /** Where the feed came from (URI without its query string) and how it was read. */
  source: z.string(),
  feedFormat: z.string(),
  importedAt: Timestamp,
  /** What happened to the feed's rows: every row is kept or counted as bad. */
  rows: z.object({
    read: z.number().int().nonnegative(),
    kept: z.number().int().nonnegative(),
    bad: z.number().int().nonnegative(),
  }),
});
export type CataloguePointer = z.infer<typeof CataloguePointer>;
