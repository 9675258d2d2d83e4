/**
 * Small inline-SVG charts for the HTML report: no scripts, no fonts to fetch, no external
 * assets, so the report opens anywhere (an e-mail attachment, a bucket without CORS) and stays
 * readable as a static file. Text is escaped; numbers are laid out on a "nice" axis from 0.
 */

const W = 640;
const H = 240;
const PAD = { left: 56, right: 16, top: 28, bottom: 56 };
const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];

/** Escapes text for HTML and SVG content and attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A round upper bound ≥ max (1, 2, 2.5, 5 × 10ⁿ). */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

interface Frame {
  x: (i: number) => number;
  y: (v: number) => number;
  body: string[];
}

/** Axes, grid and category labels; `min` may be negative (uplift). */
function frame(
  title: string,
  labels: readonly string[],
  min: number,
  max: number,
  fmt: (v: number) => string,
): Frame {
  const top = niceMax(max);
  const bottom = min < 0 ? -niceMax(-min) : 0;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, labels.length);
  const x = (i: number) => PAD.left + step * (i + 0.5);
  const y = (v: number) => PAD.top + plotH * (1 - (v - bottom) / (top - bottom || 1));
  const body = [`<text x="${PAD.left}" y="16" font-size="13" font-weight="600">${esc(title)}</text>`];
  for (let k = 0; k <= 4; k++) {
    const v = bottom + ((top - bottom) * k) / 4;
    body.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${v === 0 ? '#555' : '#ddd'}"/>`,
      `<text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${esc(fmt(v))}</text>`,
    );
  }
  labels.forEach((label, i) => {
    const short = label.length > 18 ? `${label.slice(0, 8)}…${label.slice(-8)}` : label;
    body.push(
      `<text x="${x(i).toFixed(1)}" y="${H - PAD.bottom + 14}" font-size="10" text-anchor="end" transform="rotate(-25 ${x(i).toFixed(1)} ${H - PAD.bottom + 14})"><title>${esc(label)}</title>${esc(short)}</text>`,
    );
  });
  return { x, y, body };
}

const svg = (body: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" role="img">${body.join('')}</svg>`;

/**
 * One bar per label (a missing value leaves a gap).
 *
 * @example
 * barChart('CTR per version', ['v1', 'v2'], [0.031, 0.036], (v) => `${(100 * v).toFixed(1)} %`);
 */
export function barChart(
  title: string,
  labels: readonly string[],
  values: readonly (number | null)[],
  fmt: (v: number) => string,
): string {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  const f = frame(title, labels, 0, max, fmt);
  const width = Math.min(48, ((W - PAD.left - PAD.right) / Math.max(1, labels.length)) * 0.6);
  values.forEach((v, i) => {
    if (v === null) return;
    f.body.push(
      `<rect x="${(f.x(i) - width / 2).toFixed(1)}" y="${f.y(v).toFixed(1)}" width="${width.toFixed(1)}" height="${(f.y(0) - f.y(v)).toFixed(1)}" fill="${PALETTE[0]}"><title>${esc(`${labels[i]}: ${fmt(v)}`)}</title></rect>`,
    );
  });
  return svg(f.body);
}

/**
 * Lines with points, one per series, over the labels (nulls break nothing: the point is skipped).
 *
 * @example
 * lineChart('Offline quality', ['v1', 'v2'], [{ name: 'ndcg@10', values: [0.38, 0.41] }], (v) => v.toFixed(2));
 */
export function lineChart(
  title: string,
  labels: readonly string[],
  series: readonly { name: string; values: readonly (number | null)[] }[],
  fmt: (v: number) => string,
): string {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const f = frame(title, labels, 0, Math.max(0, ...all), fmt);
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    const points = s.values.flatMap((v, i) => (v === null ? [] : [[f.x(i), f.y(v), v, i] as const]));
    f.body.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`,
      ...points.map(
        ([x, y, v, i]) =>
          `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${color}"><title>${esc(`${s.name} ${labels[i]}: ${fmt(v)}`)}</title></circle>`,
      ),
      `<text x="${W - PAD.right - 90}" y="${36 + 14 * k}" font-size="11" fill="${color}">● ${esc(s.name)}</text>`,
    );
  });
  return svg(f.body);
}

/**
 * A point and its interval per label (uplift with its 95 % CI); a zero line for reference.
 *
 * @example
 * intervalChart('CTR uplift', [{ label: 'v2', value: 0.12, lo: 0.02, hi: 0.23 }], (v) => `${(100 * v).toFixed(0)} %`);
 */
export function intervalChart(
  title: string,
  rows: readonly { label: string; value: number; lo: number | null; hi: number | null }[],
  fmt: (v: number) => string,
): string {
  const ends = rows.flatMap((r) => [r.value, r.lo ?? r.value, r.hi ?? r.value]);
  const f = frame(
    title,
    rows.map((r) => r.label),
    Math.min(0, ...ends),
    Math.max(0, ...ends),
    fmt,
  );
  rows.forEach((r, i) => {
    const x = f.x(i).toFixed(1);
    if (r.lo !== null && r.hi !== null)
      f.body.push(
        `<line x1="${x}" x2="${x}" y1="${f.y(r.lo).toFixed(1)}" y2="${f.y(r.hi).toFixed(1)}" stroke="${PALETTE[1]}" stroke-width="2"/>`,
      );
    const ci = r.lo === null || r.hi === null ? 'no interval' : `95 % CI ${fmt(r.lo)} … ${fmt(r.hi)}`;
    f.body.push(
      `<circle cx="${x}" cy="${f.y(r.value).toFixed(1)}" r="4.5" fill="${PALETTE[1]}"><title>${esc(`${r.label}: ${fmt(r.value)} (${ci})`)}</title></circle>`,
    );
  });
  return svg(f.body);
}
