/**
 * `vitrine catalogue import`: a shop's product feed → the normalised catalogue, published to the
 * model store as a content-addressed blob named by `catalogues/current.json` (written last, so a
 * reader never sees a pointer to a missing blob). `vitrine pipeline` without `--catalogue` trains
 * with the last published catalogue (`lastPublishedCatalogue`): that import, or the one the live
 * manifest names when a later pipeline run published another (`catalogue.normalised`).
 *
 * The feed's bad rows go through the same threshold as every loader (data/thresholds.ts): above
 * it nothing is published.
 */
import { isAppError, unwrap } from '#shared/errors';
import {
  type BlobRef,
  CATALOGUE_POINTER_KEY,
  CataloguePointer,
  decodeJson,
  type LoadConfig,
} from '#shared/schemas';
import { type BlobStore, getIfPresent } from '#shared/storage';
import type { Catalogue } from '../data/catalogue.ts';
import { catalogueJsonl, catalogueTree, parseNormalisedCatalogue } from '../data/catalogue-publish.ts';
import { type FeedFormat, type FeedReport, parseFeed } from '../data/feed.ts';
import { enforceBadRowLimits } from '../data/thresholds.ts';
import type { JobContext } from '../observe/index.ts';
import { BlobWriter } from '../publish/blobs.ts';
import { readBlob, readCurrent } from '../publish/read.ts';
import { openStore } from '../storage/open.ts';
import { splitUri } from './inputs.ts';

export interface CatalogueImportOptions {
  /** The feed: a path or URI of one file. */
  input: string;
  format: FeedFormat;
  /** The model store to publish to (what `pipeline --store` names). */
  store: string | BlobStore;
  defaultCurrency?: string | undefined;
  load: LoadConfig;
  /** Check the feed and report, publish nothing. */
  dryRun?: boolean;
}

export interface CatalogueImportSummary {
  published: boolean;
  /** The normalised catalogue's blob (null on a dry run). */
  catalogue: BlobRef | null;
  items: number;
  categories: number;
  currencies: string[];
  report: FeedReport;
}

/**
 * Reads, normalises, checks and publishes a feed.
 *
 * @throws AppError('corrupt') when the feed's bad rows are above the load limits.
 * @example
 * const summary = await importCatalogue({ input: './feed.xml', format: 'auto', store: '.vitrine/store', load }, ctx);
 */
export async function importCatalogue(
  options: CatalogueImportOptions,
  ctx: JobContext,
): Promise<CatalogueImportSummary> {
  const { storeUri, key } = splitUri(options.input);
  const bytes = await openStore(storeUri).get(key);
  const { data, report } = parseFeed(bytes, key, {
    format: options.format,
    delimiter: options.load.delimiter,
    defaultCurrency: options.defaultCurrency,
  });
  const { badRows: _listed, ...counts } = report;
  ctx.log.info('catalogue.report', { ...counts, badRows: report.badRows.length });
  if (report.ignoredFields.length > 0)
    ctx.log.info('catalogue.ignored_fields', { fields: report.ignoredFields });
  enforceBadRowLimits(report, options.load);
  const tree = catalogueTree(data);
  const summary = {
    items: data.length,
    categories: tree.categories.length,
    currencies: tree.currencies,
    report,
  };
  if (options.dryRun) return { published: false, catalogue: null, ...summary };
  const store = typeof options.store === 'string' ? openStore(options.store) : options.store;
  const ref = await new BlobWriter(store).put(catalogueJsonl(data));
  const pointer = CataloguePointer.parse({
    format: 'vitrine-catalogue',
    catalogue: ref,
    items: data.length,
    source: options.input.split('?')[0], // a query string may carry credentials
    feedFormat: report.format,
    importedAt: new Date().toISOString(),
    rows: { read: report.rowsRead, kept: report.rowsKept, bad: report.rowsBad },
  });
  await store.put(CATALOGUE_POINTER_KEY, new TextEncoder().encode(JSON.stringify(pointer, null, 2)), {
    contentType: 'application/json',
  });
  ctx.log.info('catalogue.published', { key: ref.key, items: data.length, store: store.uri });
  return { published: true, catalogue: ref, ...summary };
}

/** The imported catalogue's pointer, or null when nothing was imported into `store`. */
export async function readCataloguePointer(store: BlobStore): Promise<CataloguePointer | null> {
  const bytes = await getIfPresent(store, CATALOGUE_POINTER_KEY);
  if (bytes === null) return null;
  return unwrap(decodeJson(bytes, CataloguePointer, CATALOGUE_POINTER_KEY, CATALOGUE_POINTER_KEY));
}

export interface PublishedCatalogue {
  catalogue: Catalogue;
  /** `import`: catalogues/current.json; `manifest`: the live manifest's `catalogue.normalised`. */
  from: 'import' | 'manifest';
  ref: BlobRef;
  /** When it was imported or published. */
  at: string;
}

/**
 * The newest catalogue published to `store` (checksum-verified), or null when there is none.
 *
 * @example
 * const published = await lastPublishedCatalogue(openStore('.vitrine/store'));
 */
export async function lastPublishedCatalogue(store: BlobStore): Promise<PublishedCatalogue | null> {
  const pointer = await readCataloguePointer(store);
  // Damaged live state is the publisher's to refuse (live-state.ts); here it only means "no manifest".
  const live = await readCurrent(store).catch((error: unknown) => {
    if (isAppError(error) && error.kind === 'corrupt') return null;
    throw error;
  });
  const inManifest = live?.manifest.catalogue?.normalised;
  const candidates: Omit<PublishedCatalogue, 'catalogue'>[] = [];
  if (pointer !== null) candidates.push({ from: 'import', ref: pointer.catalogue, at: pointer.importedAt });
  if (live && inManifest) candidates.push({ from: 'manifest', ref: inManifest, at: live.manifest.createdAt });
  const newest = candidates.sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  if (newest === undefined) return null;
  const { data } = parseNormalisedCatalogue(await readBlob(store, newest.ref), newest.ref.key);
  return { ...newest, catalogue: data };
}
