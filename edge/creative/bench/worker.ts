/**
 * Benchmark harness, never deployed: `npm run bench:creatives` starts it in local workerd to time
 * the creative Worker's own generator and banner code in a loop, inside one request, because
 * workerd's clock only has millisecond resolution and a tiny generator runs in well under one.
 * (Local workerd advances the clock during compute; production workerd would not.)
 *
 * POST /session?noiseDim=&imageSize=&classes=a,b,…   body: ONNX bytes → { createMs }
 * GET  /generate?n=&seed=               n single-image runs  → { n, totalMs }
 * GET  /compose?n=&size=&template=&vary=  n banners (picture → layout → resvg PNG) → { n, totalMs, bytes, samplesMs }
 *      vary=seed (default): one copy, a new picture each time (every seed of a category banner: the
 *      layout comes from the frame cache after the first); vary=copy: a new title each time too
 *      (different items: satori lays out every banner)
 */
import { categoryCopy, DEFAULT_BRAND_KIT, itemCopy, renderBanner } from '#shared/creatives';
import type { CreativeSize, CreativeTemplate } from '#shared/schemas';
import { type CreativeGenerator, openGenerator } from '../generator/index.ts';
import { bannerEngine } from '../render/index.ts';

let generator: CreativeGenerator | undefined;
let lastImage: Float32Array | undefined;
/** The generator's class list (its one-hot order), from the session request. */
let classes: string[] = [];
/** Compose calls so far: vary=copy titles never repeat across calls (no frame is reused). */
let calls = 0;

const num = (url: URL, name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);

async function session(request: Request, url: URL): Promise<Response> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  const t0 = Date.now();
  await generator?.release();
  classes = (url.searchParams.get('classes') ?? '').split(',').filter((c) => c !== '');
  generator = await openGenerator(bytes, {
    onnx: { key: `blobs/${'0'.repeat(64)}`, sha256: '0'.repeat(64), size: bytes.length },
    noiseDim: num(url, 'noiseDim', 64),
    imageSize: num(url, 'imageSize', 28),
    categories: classes,
  });
  return Response.json({ createMs: Date.now() - t0 });
}

async function generate(url: URL): Promise<Response> {
  if (generator === undefined) return Response.json({ error: 'POST /session first' }, { status: 409 });
  const n = num(url, 'n', 100);
  const seed = num(url, 'seed', 0);
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const [image] = await generator.generate([{ category: classes[i % classes.length]!, seed: seed + i }]);
    lastImage = image;
  }
  return Response.json({ n, totalMs: Date.now() - t0 });
}

async function compose(url: URL): Promise<Response> {
  const image = lastImage ?? new Float32Array(28 * 28);
  const side = Math.round(Math.sqrt(image.length));
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
  // generator image, its values scaled by the banner's index and the call's.
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
    if (request.method === 'POST' && url.pathname === '/session') return session(request, url);
    if (url.pathname === '/generate') return generate(url);
    if (url.pathname === '/compose') return compose(url);
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler;
