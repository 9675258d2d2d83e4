/**
 * `renderReport`: the stored online-metrics runs (and the kept versions' offline metrics) → one
 * self-contained HTML page: offline quality over versions, CTR, coverage and diversity per
 * version, the model arm's uplift over the holdout with 95 % intervals, and the latest run's
 * rates per placement and arm. Inline SVG and CSS only.
 */
import type { OnlineMetrics, UpliftRow, VersionMetrics } from '#shared/schemas';
import { barChart, esc, intervalChart, lineChart } from './svg.ts';

export interface ReportInput {
  generatedAt: string;
  /** Model store the report describes (credentials already removed). */
  store: string;
  runs: readonly OnlineMetrics[];
  /** Kept versions' own metadata (offline metrics of versions never served are plotted too). */
  kept: readonly { modelVersion: string; createdAt: string; offline: Record<string, number> }[];
}

interface VersionRow {
  modelVersion: string;
  createdAt: string | undefined;
  offline: Record<string, number>;
  served: VersionMetrics | undefined;
}

/** Every version known to any run or kept manifest, oldest first; served data from the newest run. */
export function versionRows(input: ReportInput): VersionRow[] {
  const rows = new Map<string, VersionRow>();
  const row = (v: string) => {
    const existing = rows.get(v) ?? { modelVersion: v, createdAt: undefined, offline: {}, served: undefined };
    rows.set(v, existing);
    return existing;
  };
  for (const k of input.kept)
    Object.assign(row(k.modelVersion), { createdAt: k.createdAt, offline: k.offline });
  for (const run of input.runs)
    for (const v of run.versions) {
      const r = row(v.modelVersion);
      r.served = v; // runs are oldest first: the newest run wins
      r.createdAt ??= v.createdAt;
      if (Object.keys(r.offline).length === 0 && v.offline !== undefined) r.offline = v.offline;
    }
  const key = (r: VersionRow) => r.createdAt ?? r.modelVersion;
  return Array.from(rows.values()).sort((a, b) => key(a).localeCompare(key(b)));
}

const pct = (digits: number) => (v: number) => `${(100 * v).toFixed(digits)} %`;
const fixed = (digits: number) => (v: number) => v.toFixed(digits);

function qualityCharts(rows: readonly VersionRow[]): string[] {
  const labels = rows.map((r) => r.modelVersion);
  const names = Array.from(new Set(rows.flatMap((r) => Object.keys(r.offline)))).filter((n) => /@/.test(n));
  const wanted = names.filter((n) => /^(ndcg|recall)@/.test(n)).slice(0, 4);
  const served = (f: (v: VersionMetrics) => number | undefined) =>
    rows.map((r) => (r.served === undefined ? null : (f(r.served) ?? null)));
  return [
    lineChart(
      'Offline quality per version (held-out, at publish)',
      labels,
      (wanted.length > 0 ? wanted : names.slice(0, 3)).map((name) => ({
        name,
        values: rows.map((r) => r.offline[name] ?? null),
      })),
      fixed(2),
    ),
    barChart(
      'CTR per version (attributed clicks / impressions)',
      labels,
      served((v) => v.ctr),
      pct(1),
    ),
    barChart(
      'Catalogue coverage per version (distinct items shown / catalogue)',
      labels,
      served((v) => v.coverage),
      pct(0),
    ),
    barChart(
      'Intra-list diversity per version (item pairs in different categories)',
      labels,
      served((v) => v.diversity),
      pct(0),
    ),
  ];
}

function upliftChart(rows: readonly UpliftRow[], metric: UpliftRow['metric'], title: string): string | null {
  const picked = rows.filter((r) => r.metric === metric && r.relative !== null);
  if (picked.length === 0) return null;
  return intervalChart(
    title,
    picked.map((r) => ({
      label: r.modelVersion === '*' ? 'all versions' : r.modelVersion,
      value: r.relative as number,
      lo: r.ci95?.[0] ?? null,
      hi: r.ci95?.[1] ?? null,
    })),
    pct(0),
  );
}

function table(head: readonly string[], body: readonly (readonly string[])[]): string {
  const cells = (tag: string, r: readonly string[]) => r.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('');
  return `<table><thead><tr>${cells('th', head)}</tr></thead><tbody>${body.map((r) => `<tr>${cells('td', r)}</tr>`).join('')}</tbody></table>`;
}

function latestTables(run: OnlineMetrics): string {
  const p = pct(2);
  const groups = table(
    [
      'version',
      'placement',
      'arm',
      'impressions',
      'sessions',
      'CTR',
      'cart rate',
      'purchase rate',
      'session conversion',
    ],
    run.groups.map((g) => [
      g.modelVersion,
      g.placement,
      g.arm,
      String(g.impressions),
      String(g.sessions),
      p(g.ctr),
      p(g.cartRate),
      p(g.purchaseRate),
      p(g.sessionConversion),
    ]),
  );
  const uplift = table(
    ['version', 'metric', 'model', 'holdout', 'sessions (model / holdout)', 'uplift', '95 % CI'],
    run.uplift.map((u) => [
      u.modelVersion === '*' ? 'all' : u.modelVersion,
      u.metric,
      p(u.model),
      p(u.holdout),
      `${u.sessions.model} / ${u.sessions.holdout}`,
      u.relative === null ? '–' : pct(1)(u.relative),
      u.ci95 === null ? '–' : `${pct(1)(u.ci95[0])} … ${pct(1)(u.ci95[1])}`,
    ]),
  );
  return `<h2>Latest run (${esc(run.runAt)})</h2><p>${run.totals.impressions} impressions, ${run.totals.sessions} sessions, ${run.totals.clicks} attributed clicks, ${run.totals.carts} carts, ${run.totals.purchases} purchases; ${run.totals.badLines} unreadable lines. Attribution windows: clicks ${run.attribution.clickWindowMinutes} min, carts and purchases ${run.attribution.cartWindowMinutes} min.</p>${groups}<h3>Model arm against the holdout</h3>${uplift}`;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:1420px;margin:24px auto;padding:0 16px;color:#222}figure{display:inline-block;margin:4px;border:1px solid #e5e5e5;border-radius:6px;padding:6px}table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th{background:#f5f5f5}td:nth-child(-n+3){text-align:left}p.note{color:#555;font-size:13px}';

/**
 * The whole page.
 *
 * @example
 * await writeFile('report.html', renderReport({ generatedAt, store, runs, kept }));
 */
export function renderReport(input: ReportInput): string {
  const rows = versionRows(input);
  const latest = input.runs.at(-1);
  const uplift = latest?.uplift ?? [];
  const charts = [
    ...qualityCharts(rows),
    upliftChart(uplift, 'ctr', 'CTR uplift of the model over the holdout (95 % CI)'),
    upliftChart(uplift, 'session_conversion', 'Session conversion uplift over the holdout (95 % CI)'),
  ].filter((c): c is string => c !== null);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vitrine report</title><style>${STYLE}</style></head><body>
<h1>Vitrine report</h1>
<p class="note">Model store ${esc(input.store)} · generated ${esc(input.generatedAt)} · ${input.runs.length} metrics run(s) · ${rows.length} version(s). Definitions: shared/src/schemas/online-metrics.ts (README, "Online metrics").</p>
${charts.map((c) => `<figure>${c}</figure>`).join('\n')}
${latest === undefined ? '<p>No online metrics yet: no pipeline run has read impressions.</p>' : latestTables(latest)}
</body></html>
`;
}
