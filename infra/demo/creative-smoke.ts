/**
 * The demo's creative checks, through the recommend Worker's origin (so the `CREATIVES` service
 * binding to the creative Worker is exercised too): a category banner and an item banner that
 * must be drawn by the generator — the Worker says which source drew it (`X-Vitrine-Creative`,
 * `X-Vitrine-Picture`) — not a fallback, and must decode as PNGs of the slot's size; and the
 * `creativeUrl` of a recommendation answer must lead to a decodable PNG.
 */
import { decode } from 'fast-png';
import { LAYOUTS } from '#shared/creatives';
import { type CreativeSize, FallbackLists, type Manifest } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';

export interface CreativeExample {
  title: string;
  path: string;
  size: CreativeSize;
  /** Header that names who drew it, and the value it must have. */
  drawnBy?: { header: string; value: string };
}

/** The nearest generator class of `category` (itself or an ancestor), if any. */
function classOf(category: string | undefined, classes: readonly string[]): string | undefined {
  const levels = (category ?? '').split('/');
  for (let n = levels.length; n > 0; n--) {
    const id = levels.slice(0, n).join('/');
    if (classes.includes(id)) return id;
  }
  return undefined;
}

/**
 * Creative requests for `manifest`: an item whose category the generator draws, and its class.
 *
 * @example
 * const examples = await creativeExamples(store, manifest);
 */
export async function creativeExamples(store: BlobStore, manifest: Manifest): Promise<CreativeExample[]> {
  const classes = manifest.generator?.categories ?? [];
  const fallback = FallbackLists.parse(
    JSON.parse(new TextDecoder().decode(await store.get(manifest.fallback.key))),
  );
  const item = fallback.global.find((e) => classOf(e.category, classes) !== undefined);
  if (item === undefined) throw new Error('no popular item has a category the generator draws');
  const cls = classOf(item.category, classes) as string;
  const generated = { header: 'x-vitrine-creative', value: 'generated' };
  return [
    {
      title: `category banner for ${cls}, drawn by the generator`,
      path: `/v1/creatives/${encodeURIComponent(cls)}?seed=7&size=leaderboard&template=bold`,
      size: 'leaderboard',
      drawnBy: generated,
    },
    {
      title: `banner of item ${item.itemId} (its title and price, a generator variant of ${cls})`,
      path: `/v1/creatives/items/${encodeURIComponent(item.itemId)}?picture=generated&size=medium-rectangle`,
      size: 'medium-rectangle',
      drawnBy: { header: 'x-vitrine-picture', value: 'generated' },
    },
  ];
}

/** One line about `res`; throws when it is not a PNG of `size` drawn as `example` demands. */
async function checkPng(res: Response, example: Pick<CreativeExample, 'size' | 'drawnBy'>): Promise<string> {
  const drawnBy = example.drawnBy === undefined ? null : res.headers.get(example.drawnBy.header);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200 || res.headers.get('content-type') !== 'image/png')
    throw new Error(`answered ${res.status} ${res.headers.get('content-type')}`);
  if (example.drawnBy !== undefined && drawnBy !== example.drawnBy.value) {
    const why = res.headers.get('x-vitrine-fallback') ?? 'no reason given';
    throw new Error(`${example.drawnBy.header}: ${drawnBy} (not ${example.drawnBy.value}; ${why})`);
  }
  const png = decode(bytes);
  const { width, height } = LAYOUTS[example.size];
  if (png.width !== width || png.height !== height)
    throw new Error(`PNG is ${png.width}×${png.height}, expected ${width}×${height}`);
  const picture = res.headers.get('x-vitrine-picture');
  const source = res.headers.get('x-vitrine-creative');
  const who = [source && `drawn: ${source}`, picture && `picture: ${picture}`].filter(Boolean).join(', ');
  return `PNG ${png.width}×${png.height}, ${bytes.length} B, ${who}`;
}

/**
 * How long a banner answered by a library stand-in because the generator Worker was still starting
 * (`X-Vitrine-Fallback: generator_slow`, CREATIVE_GENERATOR_DEADLINE_MS) is asked for again: the
 * generator finishes in the background and the next request gets its banner from the colo cache.
 */
const SLOW_GENERATOR_RETRY_MS = 30_000;

/** `url`, asked again while the answer is a `generator_slow` stand-in; how many stand-ins came first. */
async function fetchPastStandIns(url: string): Promise<{ res: Response; standIns: number }> {
  const until = performance.now() + SLOW_GENERATOR_RETRY_MS;
  for (let standIns = 0; ; standIns++) {
    const res = await fetch(url);
    if (res.headers.get('x-vitrine-fallback') !== 'generator_slow' || performance.now() > until)
      return { res, standIns };
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Fetches `path` on `base` and checks it; one report line. */
async function check(
  base: string,
  path: string,
  example: Pick<CreativeExample, 'size' | 'drawnBy'>,
): Promise<{ ok: boolean; line: string }> {
  const t0 = performance.now();
  try {
    const { res, standIns } = await fetchPastStandIns(base + path);
    const what = await checkPng(res, example);
    const after = standIns === 0 ? '' : ` (after ${standIns} library stand-in(s): generator_slow)`;
    return { ok: true, line: `ok   ${what}${after} ${(performance.now() - t0).toFixed(0)} ms  GET ${path}` };
  } catch (error) {
    return { ok: false, line: `FAIL ${error instanceof Error ? error.message : String(error)}  GET ${path}` };
  }
}

/**
 * Calls every creative example, then follows the `creativeUrl` of a session recommendation.
 *
 * @example
 * const { ok, lines } = await creativeSmoke('http://127.0.0.1:8787', examples, ['sku-1']);
 */
export async function creativeSmoke(
  base: string,
  examples: readonly CreativeExample[],
  sessionItems: readonly string[],
): Promise<{ ok: boolean; lines: string[] }> {
  const results = [];
  for (const example of examples) results.push(await check(base, example.path, example));
  const answer = await fetch(`${base}/v1/recommendations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: sessionItems, k: 4, creatives: true }),
  });
  const body = (await answer.json()) as { items?: { creativeUrl?: string }[] };
  const link = body.items?.find((i) => i.creativeUrl !== undefined)?.creativeUrl;
  if (link === undefined)
    results.push({ ok: false, line: 'FAIL no creativeUrl in POST /v1/recommendations' });
  else {
    const url = new URL(link);
    results.push(await check(base, url.pathname + url.search, { size: 'medium-rectangle' }));
  }
  return { ok: results.every((r) => r.ok), lines: results.map((r) => r.line) };
}
