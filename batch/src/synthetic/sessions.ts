/**
 * Sessions and events: the generator's main loop.
 *
 * Time runs hour by hour over `days`; each hour gets its share of sessions from a diurnal curve
 * (peak 20:00 UTC, trough 08:00). A session belongs to a shopper drawn by activity (or, with
 * `anonymousShare`, to a logged-out visitor with a random shopper's tastes, keyed
 * `session:<id>`), has a geometric number of views around one intent category, and each view may
 * run down the funnel view → click → add_to_cart → purchase on the same item, so every purchase
 * has a cart, click and view before it in its session. Events are emitted in time order within a
 * session, sessions in start order, which is what lets the NDJSON sink flush finished hours.
 *
 * Rows go straight into an `InteractionBuilder` (weights from EVENT_WEIGHTS) and, when a writer is
 * given, as NDJSON lines into the store — never into per-event objects.
 */
import type { Rng } from '#shared/random';
import { EVENT_TYPES, EVENT_WEIGHTS, PRICE_BANDS } from '#shared/schemas';
import { InteractionBuilder, type InteractionSet } from '../data/interactions.ts';
import type { Buckets, SamplingBuckets } from './buckets.ts';
import type { SyntheticCatalogue } from './catalogue.ts';
import { eventsPerSession, type StorefrontConfig } from './config.ts';
import { expGap, sampleCdf, zipfRank } from './sampling.ts';
import { IsoClock, type PartitionedEventWriter } from './sink.ts';
import { FAVOURITE_BRANDS, type UserTastes } from './users.ts';

const HOUR_MS = 3_600_000;
const NBANDS = PRICE_BANDS.length;
/** Probability that the next view stays in the session's intent category. */
const STAY_IN_INTENT = 0.7;
const MAX_VIEWS = 50;
const WEIGHTS = EVENT_TYPES.map((t) => EVENT_WEIGHTS[t]);

export interface GeneratedEvents {
  interactions: InteractionSet;
  /** Per row, index into EVENT_TYPES. */
  eventTypes: Uint8Array;
  sessions: number;
  anonymousSessions: number;
  /** Events per EVENT_TYPES index. */
  byType: number[];
}

/** Diurnal weight of an hour of the day. */
function hourWeight(h: number): number {
  return 1 + 0.8 * Math.cos((2 * Math.PI * (h - 20)) / 24);
}

/**
 * Runs the session loop. `onHour(done, total)` is awaited after each simulated hour (progress).
 *
 * @example
 * const ev = await generateEvents(rng.fork('sessions'), config, shop, buckets, tastes, writer);
 */
export async function generateEvents(
  rng: Rng,
  config: StorefrontConfig,
  shop: SyntheticCatalogue,
  buckets: SamplingBuckets,
  tastes: UserTastes,
  writer: PartitionedEventWriter | null,
  onHour?: (done: number, total: number) => void,
): Promise<GeneratedEvents> {
  const builder = new InteractionBuilder(Math.ceil(config.events * 1.05) + 1024);
  const userWidth = String(config.users).length;
  for (let u = 0; u < config.users; u++) builder.appendUser(`u${String(u).padStart(userWidth, '0')}`);
  for (let i = 0; i < shop.catalogue.length; i++) builder.appendItem(shop.catalogue.ids[i]!);
  let types = new Uint8Array(Math.ceil(config.events * 1.05) + 1024);
  const byType = [0, 0, 0, 0];
  const nb = config.brands;
  const NC = shop.segments;
  const pNext = 1 / config.viewsPerSession;
  const totalSessions = config.events / eventsPerSession(config);
  let daySum = 0;
  for (let h = 0; h < 24; h++) daySum += hourWeight(h);
  const hours = config.days * 24;
  let carry = 0;
  let sessions = 0;
  let anonymous = 0;
  let eventCount = 0;

  // Per-session state read by the helpers below.
  let userIndex = 0;
  let userId: string | null = null;
  let sessionId = '';
  let taste = 0;

  const clock = new IsoClock();
  const emit = (type: number, item: number, ts: number): void => {
    const t = Math.round(ts);
    builder.addIndexed(userIndex, item, WEIGHTS[type]!, t);
    if (eventCount === types.length) {
      const grown = new Uint8Array(types.length * 2);
      grown.set(types);
      types = grown;
    }
    types[eventCount++] = type;
    byType[type]!++;
    if (writer !== null) {
      const user = userId === null ? '' : `"userId":"${userId}",`;
      writer.add(
        `{"eventId":"e${eventCount}","type":"${EVENT_TYPES[type]}","itemId":"${shop.catalogue.ids[item]}",${user}"sessionId":"${sessionId}","ts":"${clock.format(t)}","context":"synthetic"}`,
        t,
      );
    }
  };
  const fromBucket = (b: Buckets, key: number): number => {
    const start = b.start[key]!;
    const size = b.start[key + 1]! - start;
    return size === 0 ? -1 : b.items[start + zipfRank(rng, size, config.zipf)]!;
  };
  const pickItem = (c: number): number => {
    if (rng.next() < config.tasteFollow) {
      const r = rng.next();
      let item = -1;
      if (r < 0.5) {
        const brand = tastes.brands[taste * FAVOURITE_BRANDS + rng.nextInt(FAVOURITE_BRANDS)]!;
        item = fromBucket(buckets.byBrand, c * nb + brand);
      } else if (r < 0.8) {
        let band = tastes.band[taste]!;
        if (rng.next() < 0.3) band = Math.min(NBANDS - 1, Math.max(0, band + (rng.next() < 0.5 ? -1 : 1)));
        item = fromBucket(buckets.byBand, c * NBANDS + band);
      }
      if (item >= 0) return item;
    }
    return fromBucket(buckets.byCategory, c);
  };
  const pickCategory = (): number =>
    rng.next() < config.tasteFollow
      ? sampleCdf(rng, tastes.categoryCdf, taste * NC, NC)
      : sampleCdf(rng, shop.categoryCdf);

  for (let hour = 0; hour < hours; hour++) {
    const hourStart = config.start + hour * HOUR_MS;
    if (writer !== null) await writer.flushBefore(hourStart);
    const expected = (totalSessions * hourWeight(hour % 24)) / (daySum * config.days) + carry;
    const count = Math.floor(expected);
    carry = expected - count;
    const starts = new Float64Array(count);
    for (let j = 0; j < count; j++) starts[j] = hourStart + rng.next() * HOUR_MS;
    starts.sort();
    for (let j = 0; j < count; j++) {
      sessions++;
      sessionId = `s${sessions}`;
      taste = sampleCdf(rng, tastes.activityCdf);
      if (rng.next() < config.anonymousShare) {
        anonymous++;
        userId = null;
        userIndex = builder.appendUser(`session:${sessionId}`);
      } else {
        userIndex = taste;
        userId = builder.userIdAt(taste)!;
      }
      const geometric = pNext >= 1 ? 0 : Math.floor(Math.log(1 - rng.next()) / Math.log(1 - pNext));
      const views = Math.min(MAX_VIEWS, 1 + geometric);
      const intent = pickCategory();
      let t = starts[j]!;
      for (let v = 0; v < views; v++) {
        const item = pickItem(rng.next() < STAY_IN_INTENT ? intent : pickCategory());
        emit(0, item, t);
        if (rng.next() < config.funnel.click) {
          t += expGap(rng, 8_000, 1_000);
          emit(1, item, t);
          if (rng.next() < config.funnel.cart) {
            t += expGap(rng, 30_000, 3_000);
            emit(2, item, t);
            if (rng.next() < config.funnel.purchase) {
              t += expGap(rng, 90_000, 20_000);
              emit(3, item, t);
            }
          }
        }
        t += expGap(rng, 40_000, 4_000);
      }
    }
    onHour?.(hour + 1, hours);
  }
  return {
    interactions: builder.build(),
    eventTypes: types.subarray(0, eventCount),
    sessions,
    anonymousSessions: anonymous,
    byType,
  };
}
