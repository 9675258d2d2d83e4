/**
 * The creative Worker's generator: a client of the generator Worker (edge/generator) over the
 * `GENERATOR` service binding. Opening one asks that Worker to load the model (download, verify,
 * onnxruntime session), so the slot that memoises it (edge/lib `GeneratorSlot`) knows the model
 * is usable before a banner waits on it; each banner then costs one call that carries the
 * manifest's generator section, so both Workers always agree on the model.
 *
 * The generator Worker answers errors as `ErrorBody` with the status of their kind; they become
 * the same `AppError` here (a corrupt model stays `corrupt`, a missing blob `not_found`), which
 * the banner code turns into its fallbacks. No binding, a hung or unreachable Worker, or an
 * answer that is not ours is `unavailable`.
 */
import { AppError } from '#shared/errors';
import type { GeneratorSection } from '#shared/schemas/creatives';
import { ErrorBody } from '#shared/schemas/errors';
import {
  GeneratedImagesHeaders,
  type GenerateRequest,
  GeneratorSessionResponse,
} from '#shared/schemas/generator-service';
import { type CreativeGenerator, log } from '../../lib/index.ts';

/** The slice of a service binding this client uses. */
export interface GeneratorBinding {
  fetch(request: Request): Promise<Response>;
}

/**
 * A call may wait this long: a cold generator isolate compiles onnxruntime's wasm and builds
 * the session (seconds on a loaded machine); past it the banner falls back instead of hanging.
 */
export const GENERATOR_TIMEOUT_MS = 15_000;

/** Requests to a service binding need an absolute URL; the host is never resolved. */
const BASE = 'https://vitrine-generator.internal';

/** The typed error an unsuccessful answer carries (or `unavailable` when it carries none). */
async function errorOf(res: Response, path: string): Promise<AppError> {
  const parsed = ErrorBody.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success)
    return new AppError('unavailable', `generator Worker answered ${path} with ${res.status}`);
  const { kind, message } = parsed.data.error;
  return new AppError(kind === 'internal' ? 'unavailable' : kind, `generator Worker: ${message}`);
}

async function call(binding: GeneratorBinding, path: string, body: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await binding.fetch(
      new Request(BASE + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(GENERATOR_TIMEOUT_MS),
      }),
    );
  } catch (cause) {
    throw new AppError('unavailable', `generator Worker unreachable: ${String(cause)}`, { cause });
  }
  if (!res.ok) throw await errorOf(res, path);
  return res;
}

/** Splits a `/v1/generate` answer into its images, checking the headers against the body. */
async function imagesOf(res: Response, count: number, side: number): Promise<Float32Array[]> {
  const parsed = GeneratedImagesHeaders.safeParse(Object.fromEntries(res.headers));
  const bytes = await res.arrayBuffer();
  const h = parsed.success ? parsed.data : undefined;
  const n = side * side * (h?.['x-vitrine-channels'] ?? 0);
  if (
    h === undefined ||
    h['x-vitrine-images'] !== count ||
    h['x-vitrine-image-side'] !== side ||
    bytes.byteLength !== count * n * 4
  )
    throw new AppError(
      'unavailable',
      `generator Worker sent ${bytes.byteLength} bytes that are not ${count} images`,
    );
  const all = new Float32Array(bytes);
  return Array.from({ length: count }, (_, i) => all.subarray(i * n, (i + 1) * n));
}

/**
 * Has the generator Worker behind `binding` start onnxruntime (`POST /v1/warm`, no model needed)
 * and resolves once it has, or once that failed (logged, never thrown: the banner's own session
 * call reports what is wrong). A cold generator isolate's largest one-off cost so runs while
 * the creative Worker still reads its manifest.
 *
 * @example
 * scope.waitUntil(warmRemoteGenerator(env.GENERATOR));
 */
export async function warmRemoteGenerator(binding: GeneratorBinding | undefined): Promise<void> {
  if (binding === undefined) return;
  try {
    const res = await call(binding, '/v1/warm', {});
    await res.body?.cancel();
  } catch (error) {
    log('warn', 'generator_warm_failed', { detail: String(error) });
  }
}

/**
 * Opens the generator of `section` in the generator Worker behind `binding`.
 *
 * @example
 * const generator = await openRemoteGenerator(env.GENERATOR, manifest.generator);
 * const [image] = await generator.generate([{ category: 'bag', seed: 7 }]);
 */
export async function openRemoteGenerator(
  binding: GeneratorBinding | undefined,
  section: GeneratorSection,
): Promise<CreativeGenerator> {
  if (binding === undefined)
    throw new AppError('unavailable', 'no generator Worker: the GENERATOR service binding is missing');
  const res = await call(binding, '/v1/sessions', { generator: section });
  const opened = GeneratorSessionResponse.safeParse(await res.json().catch(() => undefined));
  if (!opened.success) throw new AppError('unavailable', 'generator Worker sent no session description');
  const { sha256, imageSide } = opened.data;
  return {
    sha256,
    imageSide,
    async generate(requests) {
      if (requests.length === 0) return [];
      const body: GenerateRequest = { generator: section, requests: [...requests] };
      return imagesOf(await call(binding, '/v1/generate', body), requests.length, imageSide);
    },
    // The session lives in the generator Worker, which replaces it when another model is named.
    release: async () => undefined,
  };
}
