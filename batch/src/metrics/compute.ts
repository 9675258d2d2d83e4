/**
 * From attributed sessions to the `OnlineMetrics` document: rates per (model version,
 * placement, arm), per version (CTR, coverage, diversity, offline quality), and the model arm's
 * uplift over the holdout per version and overall (intervals: stats.ts).
 */
import type { MetricsGroup, UpliftMetric, UpliftRow, VersionMetrics } from '#shared/schemas';
import type { AttributedImpression, SessionOutcome } from './attribute.ts';
import { ratioEstimate, relativeUplift } from './stats.ts';

/** What the model store knows of a version (from its manifest). */
export interface VersionInfo {
  createdAt?: string;
  catalogueItems?: number;
  offline?: Record<string, number>;
}

const rate = (num: number, den: number): number => (den > 0 ? num / den : 0);

/**
 * Counts and rates per (version, placement, arm), sorted by version, placement, arm.
 *
 * @example
 * const groups = groupMetrics(attribute(events));
 */
export function groupMetrics(sessions: readonly SessionOutcome[]): MetricsGroup[] {
  const groups = new Map<string, MetricsGroup & { converted: number; seen: Set<string> }>();
  for (const s of sessions) {
    for (const imp of s.impressions) {
      const key = `${imp.modelVersion}\u0000${imp.placement}\u0000${imp.arm}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = {
          ...{ modelVersion: imp.modelVersion, placement: imp.placement, arm: imp.arm },
          ...{ impressions: 0, sessions: 0, clicks: 0, carts: 0, purchases: 0 },
          ...{ ctr: 0, cartRate: 0, purchaseRate: 0, sessionConversion: 0, converted: 0, seen: new Set() },
        };
        groups.set(key, g);
      }
      g.impressions++;
      g.clicks += imp.clicks;
      g.carts += imp.carts;
      g.purchases += imp.purchases;
      if (!g.seen.has(s.session)) {
        g.seen.add(s.session);
        g.sessions++;
        if (s.converted) g.converted++;
      }
    }
  }
  return Array.from(groups.values(), ({ converted, seen: _seen, ...g }) => ({
    ...g,
    ctr: rate(g.clicks, g.impressions),
    cartRate: rate(g.carts, g.impressions),
    purchaseRate: rate(g.purchases, g.impressions),
    sessionConversion: rate(converted, g.sessions),
  })).sort((a, b) =>
    `${a.modelVersion}\u0000${a.placement}\u0000${a.arm}`.localeCompare(
      `${b.modelVersion}\u0000${b.placement}\u0000${b.arm}`,
    ),
  );
}

/** Per-session (numerator, denominator) of `metric` over the impressions of `version` (`*`: all). */
function pairs(sessions: readonly SessionOutcome[], arm: string, version: string, metric: UpliftMetric) {
  const out: [number, number][] = [];
  for (const s of sessions) {
    if (s.arm !== arm || (version !== '*' && !s.versions.has(version))) continue;
    if (metric === 'session_conversion') {
      out.push([s.converted ? 1 : 0, 1]);
      continue;
    }
    let y = 0;
    let n = 0;
    for (const imp of s.impressions) {
      if (version !== '*' && imp.modelVersion !== version) continue;
      y += metric === 'ctr' ? imp.clicks : imp.carts;
      n++;
    }
    out.push([y, n]);
  }
  return out;
}

/**
 * The model arm against the holdout, per version that has both arms and over all versions.
 *
 * @example
 * upliftRows(sessions).find((r) => r.modelVersion === '*' && r.metric === 'ctr')?.ci95;
 */
export function upliftRows(sessions: readonly SessionOutcome[]): UpliftRow[] {
  const versions = new Set<string>();
  for (const s of sessions) if (s.arm === 'holdout') for (const v of s.versions) versions.add(v);
  const rows: UpliftRow[] = [];
  const scopes = [...Array.from(versions).sort(), ...(versions.size > 0 ? ['*'] : [])];
  for (const version of scopes) {
    for (const metric of ['ctr', 'cart_rate', 'session_conversion'] as const) {
      const model = ratioEstimate(pairs(sessions, 'model', version, metric));
      const holdout = ratioEstimate(pairs(sessions, 'holdout', version, metric));
      if (model.sessions === 0 || holdout.sessions === 0) continue;
      rows.push({
        modelVersion: version,
        metric,
        model: model.value,
        holdout: holdout.value,
        sessions: { model: model.sessions, holdout: holdout.sessions },
        ...relativeUplift(model, holdout),
      });
    }
  }
  return rows;
}

/** Share of item pairs of `list` in different categories (null with fewer than two categorised). */
export function intraListDiversity(list: readonly string[], categoryOf: (id: string) => string | undefined) {
  const cats = list.map(categoryOf).filter((c): c is string => c !== undefined);
  if (cats.length < 2) return null;
  let differ = 0;
  for (let i = 0; i < cats.length; i++)
    for (let j = i + 1; j < cats.length; j++) if (cats[i] !== cats[j]) differ++;
  return differ / ((cats.length * (cats.length - 1)) / 2);
}

/**
 * Per version: impressions, CTR, distinct items shown, coverage of its catalogue, mean
 * intra-list diversity and its offline metrics, in publication (else name) order.
 *
 * @example
 * versionMetrics(sessions, new Map([['v1', { catalogueItems: 3000 }]]), (id) => categories.get(id));
 */
export function versionMetrics(
  sessions: readonly SessionOutcome[],
  info: ReadonlyMap<string, VersionInfo>,
  categoryOf: (id: string) => string | undefined,
): VersionMetrics[] {
  const byVersion = new Map<string, AttributedImpression[]>();
  for (const s of sessions)
    for (const imp of s.impressions) {
      const list = byVersion.get(imp.modelVersion) ?? [];
      list.push(imp);
      byVersion.set(imp.modelVersion, list);
    }
  const out: VersionMetrics[] = [];
  for (const [version, imps] of byVersion) {
    const items = new Set(imps.flatMap((i) => i.itemIds));
    const diversities = imps.map((i) => intraListDiversity(i.itemIds, categoryOf)).filter((d) => d !== null);
    const known = info.get(version);
    const catalogue = known?.catalogueItems;
    out.push({
      modelVersion: version,
      ...(known?.createdAt === undefined ? {} : { createdAt: known.createdAt }),
      impressions: imps.length,
      ctr: rate(
        imps.reduce((a, i) => a + i.clicks, 0),
        imps.length,
      ),
      distinctItems: items.size,
      ...(catalogue === undefined || catalogue === 0
        ? {}
        : { catalogueItems: catalogue, coverage: items.size / catalogue }),
      ...(diversities.length === 0
        ? {}
        : { diversity: diversities.reduce((a, b) => a + b, 0) / diversities.length }),
      ...(known?.offline === undefined ? {} : { offline: known.offline }),
    });
  }
  const key = (v: VersionMetrics) => v.createdAt ?? v.modelVersion;
  return out.sort((a, b) => key(a).localeCompare(key(b)));
}
