/**
 * Bytes a storefront page downloads for the `<vitrine-recs>` cards, before and after item cards
 * came from the edge, measured against a running demo Worker (`npm run demo -- --port N`):
 *
 * - before: the recommendation answer without details + the shop's whole product feed (what the
 *   widget's `catalog` attribute downloaded on every page; /demo/catalogue.json);
 * - after: the recommendation answer with `details` (title, price, picture, link per item).
 *
 * Both raw and gzip (what a compressing CDN sends), averaged over product pages of the store's
 * first items. widget.js itself is the same in both and cached for a day: not counted.
 *
 *   npx tsx infra/bench/widget-bytes.ts http://127.0.0.1:8787 [pages=20] [k=8]
 */
import { gzipSync } from 'node:zlib';

const [base = 'http://127.0.0.1:8787', pagesArg = '20', kArg = '8'] = process.argv.slice(2);
const pages = Number(pagesArg);
const k = Number(kArg);

async function bytes(path: string, init?: RequestInit): Promise<Uint8Array> {
  const res = await fetch(`${base}${path}`, init);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** What the widget posts on a product page (`item-id` = the product viewed). */
async function answer(itemId: string, details: boolean): Promise<Uint8Array> {
  const body = { items: [itemId], k, exclude: [itemId], ...(details ? { details: true } : {}) };
  return bytes('/v1/recommendations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const sizes = (b: Uint8Array) => ({ raw: b.length, gzip: gzipSync(b, { level: 6 }).length });

async function main(): Promise<void> {
  const feedBytes = await bytes('/demo/catalogue.json');
  const feed = JSON.parse(new TextDecoder().decode(feedBytes)) as { items: { itemId: string }[] };
  const feedSize = sizes(feedBytes);
  const total = { plain: { raw: 0, gzip: 0 }, detailed: { raw: 0, gzip: 0 } };
  const ids = feed.items.slice(0, pages).map((i) => i.itemId);
  for (const id of ids) {
    const plain = sizes(await answer(id, false));
    const detailed = sizes(await answer(id, true));
    total.plain.raw += plain.raw;
    total.plain.gzip += plain.gzip;
    total.detailed.raw += detailed.raw;
    total.detailed.gzip += detailed.gzip;
  }
  const avg = (n: number) => Math.round(n / ids.length);
  const before = { raw: feedSize.raw + avg(total.plain.raw), gzip: feedSize.gzip + avg(total.plain.gzip) };
  const after = { raw: avg(total.detailed.raw), gzip: avg(total.detailed.gzip) };
  const report = {
    base,
    items: feed.items.length,
    pages: ids.length,
    k,
    feed: feedSize,
    answerWithoutDetails: { raw: avg(total.plain.raw), gzip: avg(total.plain.gzip) },
    before,
    after,
    ratio: { raw: +(before.raw / after.raw).toFixed(1), gzip: +(before.gzip / after.gzip).toFixed(1) },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
