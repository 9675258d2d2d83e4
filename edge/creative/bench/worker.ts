/**
 * Benchmark harness, never deployed: `npm run bench:creatives` starts it in local workerd to time
 * the creative Worker's banner code in a loop, inside one request, because workerd's clock only
 * has millisecond resolution. (Local workerd advances the clock during compute; production
 * workerd would not.) The generator's loop has its own harness (edge/generator/bench/worker.ts):
 * the generator runs in its own Worker.
 *
 * GET  /compose?n=&size=&template=&vary=  n banners (picture → layout → resvg PNG) → { n, totalMs, bytes, samplesMs }
 *      vary=seed (default): one copy, a new picture each time (every seed of a category banner: the
 *      layout comes from the frame cache after the first); vary=copy: a new title each time too
 *      (different items: every banner is laid out and its glyphs drawn)
 */
import { categoryCopy, DEFAULT_BRAND_KIT, itemCopy, renderBanner } from '#shared/creatives';
import type { CreativeSize, CreativeTemplate } from '#shared/schemas';
import { bannerEngine } from '../render/index.ts';

/** A 28×28 grey picture in [-1, 1] with structure (rings), standing in for a generator sample. */
const SIDE = 28;
const PICTURE = Float32Array.from({ length: SIDE * SIDE }, (_, i) =>
  Math.sin(Math.hypot((i % SIDE) - SIDE / 2, Math.floor(i / SIDE) - SIDE / 2) / 2),
);
/** Compose calls so far: vary=copy titles never repeat across calls (no frame is reused). */
let calls = 0;

const num = (url: URL, name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
async function compose(url: URL): Promise<Response> {
  const image = PICTURE;
  const side = SIDE;
  const n = num(url, 'n', 50);
  const size = (url.searchParams.get('size') ?? 'medium-rectangle') as CreativeSize;
  const template = (url.searchParams.get('template') ?? 'classic') as CreativeTemplate;
  const engine = await bannerEngine();
  const kit = DEFAULT_BRAND_KIT;
  const varyCopy = url.searchParams.get('vary') === 'copy';
  const call = calls++;
  const item = (i: number) => ({
    itemId: `b${i}`,
    title: `Wool coat ${call}-${i}`,
    price: 100 + i,
    currency: 'EUR',
  });
  const copyOf = (i: number) => (varyCopy ? itemCopy(item(i), kit) : categoryCopy('coat', kit));
  // A new picture per banner and call (a repeated one would come from the picture cache): the
  // picture, its values scaled by the banner's index and the call's.
  const scale = (i: number) => (1 - i / (2 * n)) * (1 - call / 1000);
  const pictureOf = (i: number) => ({
    kind: 'generated' as const,
    image: image.map((v) => v * scale(i)),
    side,
  });
  let bytes = 0;
  // Per-banner wall times (workerd's clock has ms resolution: samples of 0-2 ms are coarse; the
  // total over n is the precise figure).
  const samplesMs: number[] = [];
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const copy = copyOf(i);
    const picture = pictureOf(i);
    const s = Date.now();
    bytes = (await renderBanner(engine, { size, template, kit, copy, picture }, 'png')).bytes.length;
    samplesMs.push(Date.now() - s);
  }
  return Response.json({ n, totalMs: Date.now() - t0, bytes, samplesMs });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/compose') return compose(url);
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler;
