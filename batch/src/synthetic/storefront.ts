/**
 * `generateStorefront`: a seeded synthetic shop — catalogue, shoppers with planted tastes, and
 * their sessions' events — in memory as an `InteractionSet`, and optionally written to a store in
 * the production layout so the real loaders can read it back.
 *
 * Determinism: every part draws from its own `rng.fork(label)`, so the catalogue does not change
 * when only the number of users or events does, and writing to a store consumes no randomness.
 * Scale: everything lives in typed arrays (≈25 bytes per event, ≈60 per item), so 1M items and
 * 10M events fit in well under 1 GB.
 */
import { createRng } from '#shared/random';
import { EVENT_TYPES, type EventType } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { Catalogue } from '../data/catalogue.ts';
import type { InteractionSet } from '../data/interactions.ts';
import { resolveStore } from '../data/source.ts';
import { buildBuckets } from './buckets.ts';
import { generateCatalogue } from './catalogue.ts';
import { resolveConfig, type StorefrontConfig } from './config.ts';
import type { StoreProfile } from './profiles.ts';
import { type GeneratedEvents, generateEvents } from './sessions.ts';
import { PartitionedEventWriter, writeCatalogueJsonl } from './sink.ts';
import { generateTastes, type UserTastes } from './users.ts';

export interface GenerateOptions {
  /** Also write `events/…ndjson` and `catalogue/…jsonl` here (a store or a store URI). */
  store?: BlobStore | string;
  eventsPrefix?: string;
  cataloguePrefix?: string;
  /** Largest NDJSON part before a new one is started (default 8 MiB). */
  partBytes?: number;
  /** Progress: simulated hours done of total. */
  onProgress?: (done: number, total: number) => void;
}

export interface Storefront {
  config: StorefrontConfig;
  catalogue: Catalogue;
  /** Taste segment of each item (a level of the category tree; see profiles.ts). */
  segment: Int32Array;
  segments: number;
  profile: StoreProfile;
  /** Popularity rank behind the power law (0 = most popular). */
  popRank: Int32Array;
  tastes: UserTastes;
  /** One row per event; weight = EVENT_WEIGHTS[type]; users 0..users-1 are `u…`, then `session:s…`. */
  interactions: InteractionSet;
  /** Per row, index into EVENT_TYPES. */
  eventTypes: Uint8Array;
  /** With `context`: each session's request context and each row's session (synthetic/context.ts). */
  contexts?: GeneratedEvents['contexts'];
  stats: {
    sessions: number;
    anonymousSessions: number;
    events: number;
    byType: Record<EventType, number>;
    /** Present when a store was given. */
    written?: { eventFiles: number; eventBytes: number; catalogueFiles: number; catalogueBytes: number };
  };
}

/**
 * Generates a storefront.
 *
 * @example
 * const shop = await generateStorefront({ seed: 7, items: 500, users: 200, events: 20_000 });
 * const { train, test } = stratifiedSplit(shop.interactions);
 * @example
 * // 1M items / 10M events written like the edge would, then read back by the loaders:
 * await generateStorefront({ items: 1e6, users: 200_000, events: 1e7 }, { store: 'file://var/shop' });
 */
export async function generateStorefront(
  partial: Partial<StorefrontConfig> = {},
  options: GenerateOptions = {},
): Promise<Storefront> {
  const config = resolveConfig(partial);
  const rng = createRng(config.seed);
  const shop = generateCatalogue(rng.fork('catalogue'), config);
  const buckets = buildBuckets(shop.catalogue, shop.popRank, shop.segment, shop.segments);
  const tastes = generateTastes(rng.fork('users'), config, shop.categoryCdf, shop.brandGivenCategory);
  const store = options.store === undefined ? null : resolveStore(options.store);
  const writer =
    store === null ? null : new PartitionedEventWriter(store, options.eventsPrefix, options.partBytes);
  const events = await generateEvents(
    rng.fork('sessions'),
    config,
    shop,
    buckets,
    tastes,
    writer,
    options.onProgress,
  );
  const byType = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, events.byType[i] ?? 0])) as Record<
    EventType,
    number
  >;
  const stats: Storefront['stats'] = {
    sessions: events.sessions,
    anonymousSessions: events.anonymousSessions,
    events: events.interactions.length,
    byType,
  };
  if (store !== null && writer !== null) {
    const ev = await writer.close();
    const cat = await writeCatalogueJsonl(store, shop.catalogue, options.cataloguePrefix);
    stats.written = {
      eventFiles: ev.files,
      eventBytes: ev.bytes,
      catalogueFiles: cat.files,
      catalogueBytes: cat.bytes,
    };
  }
  return {
    config,
    catalogue: shop.catalogue,
    segment: shop.segment,
    segments: shop.segments,
    profile: shop.profile,
    popRank: shop.popRank,
    tastes,
    interactions: events.interactions,
    eventTypes: events.eventTypes,
    ...(events.contexts === undefined ? {} : { contexts: events.contexts }),
    stats,
  };
}
