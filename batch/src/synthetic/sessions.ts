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
 * Rows go straight into an `EventRecorder` (session-events.ts) — never into per-event objects.
 */
import type { Rng } from '#shared/random';
import { PRICE_BANDS } from '#shared/schemas';
import type { Buckets, SamplingBuckets } from './buckets.ts';
import type { SyntheticCatalogue } from './catalogue.ts';
import { eventsPerSession, type StorefrontConfig } from './config.ts';
import { ContextModel } from './context.ts';
import { expGap, sampleCdf, zipfRank } from './sampling.ts';
import { EventRecorder, type GeneratedEvents } from './session-events.ts';
import type { PartitionedEventWriter } from './sink.ts';
import { FAVOURITE_BRANDS, type UserTastes } from './users.ts';

export type { GeneratedEvents } from './session-events.ts';

const HOUR_MS = 3_600_000;
const NBANDS = PRICE_BANDS.length;
/** Probability that the next view stays in the session's intent category. */
const STAY_IN_INTENT = 0.7;
const MAX_VIEWS = 50;
/** Funnel steps after a view: event type, mean and minimum gap before it (ms). */
const FUNNEL_GAPS: readonly (readonly [type: number, mean: number, min: number])[] = [
  [1, 8_000, 1_000],
  [2, 30_000, 3_000],
  [3, 90_000, 20_000],
];

/** Diurnal weight of an hour of the day. */
function hourWeight(h: number): number {
  return 1 + 0.8 * Math.cos((2 * Math.PI * (h - 20)) / 24);
}

/** Picks categories and items for one shopper's taste (`taste` is set per session). */
class ItemPicker {
  taste = 0;

  constructor(
    private readonly rng: Rng,
    private readonly config: StorefrontConfig,
    private readonly shop: SyntheticCatalogue,
    private readonly buckets: SamplingBuckets,
    readonly tastes: UserTastes,
  ) {}

  category(): number {
    const { rng, tastes, shop } = this;
    return rng.next() < this.config.tasteFollow
      ? sampleCdf(rng, tastes.categoryCdf, this.taste * shop.segments, shop.segments)
      : sampleCdf(rng, shop.categoryCdf);
  }

  /** An item of category `c`: of a favourite brand or price band when the taste is followed. */
  item(c: number): number {
    const { rng, tastes, buckets } = this;
    if (rng.next() < this.config.tasteFollow) {
      const r = rng.next();
      let item = -1;
      if (r < 0.5) {
        const brand = tastes.brands[this.taste * FAVOURITE_BRANDS + rng.nextInt(FAVOURITE_BRANDS)]!;
        item = this.fromBucket(buckets.byBrand, c * this.config.brands + brand);
      } else if (r < 0.8) {
        let band = tastes.band[this.taste]!;
        if (rng.next() < 0.3) band = Math.min(NBANDS - 1, Math.max(0, band + (rng.next() < 0.5 ? -1 : 1)));
        item = this.fromBucket(buckets.byBand, c * NBANDS + band);
      }
      if (item >= 0) return item;
    }
    return this.fromBucket(buckets.byCategory, c);
  }

  private fromBucket(b: Buckets, key: number): number {
    const start = b.start[key]!;
    const size = b.start[key + 1]! - start;
    return size === 0 ? -1 : b.items[start + zipfRank(this.rng, size, this.config.zipf)]!;
  }
}

/** Start times of the sessions of each simulated hour, spread by the diurnal curve. */
class SessionClock {
  private readonly totalSessions: number;
  private readonly daySum: number;
  private carry = 0;

  constructor(private readonly config: StorefrontConfig) {
    this.totalSessions = config.events / eventsPerSession(config);
    let daySum = 0;
    for (let h = 0; h < 24; h++) daySum += hourWeight(h);
    this.daySum = daySum;
  }

  starts(rng: Rng, hourStart: number, hour: number): Float64Array {
    const expected =
      (this.totalSessions * hourWeight(hour % 24)) / (this.daySum * this.config.days) + this.carry;
    const count = Math.floor(expected);
    this.carry = expected - count;
    const starts = new Float64Array(count);
    for (let j = 0; j < count; j++) starts[j] = hourStart + rng.next() * HOUR_MS;
    return starts.sort();
  }
}

/** One session from `start`: a geometric number of views, each maybe running down the funnel. */
function simulateSession(
  rng: Rng,
  config: StorefrontConfig,
  pick: ItemPicker,
  out: EventRecorder,
  start: number,
): void {
  pick.taste = sampleCdf(rng, pick.tastes.activityCdf);
  out.startSession(pick.taste, rng.next() < config.anonymousShare);
  const pNext = 1 / config.viewsPerSession;
  const geometric = pNext >= 1 ? 0 : Math.floor(Math.log(1 - rng.next()) / Math.log(1 - pNext));
  const views = Math.min(MAX_VIEWS, 1 + geometric);
  const intent = pick.category();
  const rates = [config.funnel.click, config.funnel.cart, config.funnel.purchase];
  let t = start;
  for (let v = 0; v < views; v++) {
    const item = pick.item(rng.next() < STAY_IN_INTENT ? intent : pick.category());
    out.emit(0, item, t);
    for (let step = 0; step < FUNNEL_GAPS.length && rng.next() < rates[step]!; step++) {
      const [type, mean, min] = FUNNEL_GAPS[step]!;
      t += expGap(rng, mean, min);
      out.emit(type, item, t);
    }
    t += expGap(rng, 40_000, 4_000);
  }
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
  const out = new EventRecorder(config.events, config.users, shop.catalogue.ids, writer);
  if (config.context) out.contexts = new ContextModel(config.seed, shop, tastes);
  const pick = new ItemPicker(rng, config, shop, buckets, tastes);
  const clock = new SessionClock(config);
  const hours = config.days * 24;
  for (let hour = 0; hour < hours; hour++) {
    const hourStart = config.start + hour * HOUR_MS;
    if (writer !== null) await writer.flushBefore(hourStart);
    for (const start of clock.starts(rng, hourStart, hour)) simulateSession(rng, config, pick, out, start);
    onHour?.(hour + 1, hours);
  }
  return out.result();
}
