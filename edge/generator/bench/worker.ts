/**
 * Benchmark harness, never deployed: `npm run bench:creatives` starts it in local workerd to time
 * the generator Worker's own generator code in a loop, inside one request, because workerd's
 * clock only has millisecond resolution and a tiny generator runs in well under one.
 * (Local workerd advances the clock during compute; production workerd would not.)
 *
 * POST /session?noiseDim=&imageSize=&classes=a,b,…   body: ONNX bytes → { createMs }
 * GET  /generate?n=&seed=               n single-image runs  → { n, totalMs }
 */
import type { CreativeGenerator } from '../../lib/index.ts';
import { openGenerator } from '../generator.ts';

let generator: CreativeGenerator | undefined;
/** The generator's class list (its one-hot order), from the session request. */
let classes: string[] = [];

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
    await generator.generate([{ category: classes[i % classes.length]!, seed: seed + i }]);
  }
  return Response.json({ n, totalMs: Date.now() - t0 });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/session') return session(request, url);
    if (url.pathname === '/generate') return generate(url);
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler;
