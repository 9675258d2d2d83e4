/**
 * The generator Worker: runs the manifest's ONNX generator in onnxruntime-web for the creative
 * Worker, which calls it through its `GENERATOR` service binding only when a banner needs a
 * generated picture. Kept out of the creative Worker so that the 14 MB onnxruntime WASM, which
 * workerd compiles when it loads a script, costs nothing to banners that never draw with it.
 * Deployed with infra/generator.wrangler.toml (no public URL). Wire format:
 * shared/src/schemas/generator-service.ts; errors: one `ErrorBody` mapping, as in every Worker.
 *
 * POST /v1/warm                               → 204 once onnxruntime is initialised (no model yet:
 *                                                 the creative Worker calls it before it has read
 *                                                 its manifest, so the runtime starts meanwhile)
 * POST /v1/sessions  { generator }            → { sha256, imageSide } once the session is ready
 * POST /v1/generate  { generator, requests }  → float32 images (headers: GeneratedImagesHeaders)
 */
import { Hono } from 'hono';
import {
  type GeneratedImagesHeaders,
  GenerateRequest,
  GeneratorSessionRequest,
  type GeneratorSessionResponse,
} from '#shared/schemas/generator-service';
import { errorJson, notFoundJson, parseInput, readJson } from '../lib/index.ts';
import { initBackend } from './backend.ts';
import { generatorServicesFor } from './services.ts';

/** Concatenates equally long images into one body. */
function concat(images: readonly Float32Array[]): Float32Array {
  const n = images[0]?.length ?? 0;
  const out = new Float32Array(images.length * n);
  for (const [i, image] of images.entries()) out.set(image, i * n);
  return out;
}

const app = new Hono<{ Bindings: Env }>()
  .post('/v1/warm', async (c) => {
    await initBackend();
    return c.body(null, 204);
  })
  .post('/v1/sessions', async (c) => {
    const { generator: section } = parseInput(GeneratorSessionRequest, await readJson(c.req.raw));
    const generator = await generatorServicesFor(c.env).generators.get(section);
    const body: GeneratorSessionResponse = { sha256: generator.sha256, imageSide: generator.imageSide };
    return c.json(body);
  })
  .post('/v1/generate', async (c) => {
    const request = parseInput(GenerateRequest, await readJson(c.req.raw));
    const generator = await generatorServicesFor(c.env).generators.get(request.generator);
    const images = await generator.generate(request.requests);
    const side = generator.imageSide;
    const channels = (images[0]?.length ?? 0) / (side * side);
    const headers: Record<keyof GeneratedImagesHeaders, string> = {
      'x-vitrine-images': String(images.length),
      'x-vitrine-image-side': String(side),
      'x-vitrine-channels': String(channels),
    };
    return new Response(concat(images), {
      headers: { ...headers, 'content-type': 'application/octet-stream', 'cache-control': 'no-store' },
    });
  });

app.notFound(notFoundJson);
app.onError(errorJson);

export { app };

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
