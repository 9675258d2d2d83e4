/**
 * The product's own picture, fetched from its `imageUrl` (the shop's origin or CDN) with a
 * deadline and a byte cap, and kept in the colo cache under the URL so one picture is downloaded
 * once per colo. Anything but a PNG or JPEG within the limits is refused (`unavailable`), and the
 * banner falls back to a generated picture: a broken picture never breaks a banner.
 */
import { sniffImage } from '#shared/creatives';
import { AppError } from '#shared/errors';
import type { WebCache } from '../../lib/index.ts';

/** Largest picture downloaded. */
export const MAX_PHOTO_BYTES = 8 << 20;
const TIMEOUT_MS = 3_000;
const KEY_BASE = 'https://vitrine-creative.internal/v1/photos/';

async function download(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  } catch (cause) {
    throw new AppError('unavailable', `picture ${url} could not be fetched: ${String(cause)}`, { cause });
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (!res.ok || declared > MAX_PHOTO_BYTES) {
    await res.body?.cancel();
    throw new AppError('unavailable', `picture ${url} answered ${res.status} (${declared} bytes)`);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new AppError('unavailable', `picture ${url} exceeds ${MAX_PHOTO_BYTES} bytes`);
  if (sniffImage(bytes) === undefined)
    throw new AppError('unavailable', `picture ${url} is not a PNG or JPEG`);
  return bytes;
}

/**
 * The bytes of the picture at `url`, from the colo cache or the network.
 *
 * @example
 * const bytes = await fetchPhoto(item.imageUrl, services.colo, (p) => ctx.waitUntil(p));
 */
export async function fetchPhoto(
  url: string,
  colo: WebCache | undefined,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<Uint8Array> {
  const key = KEY_BASE + encodeURIComponent(url);
  try {
    const hit = await colo?.match(key);
    if (hit !== undefined) return new Uint8Array(await hit.arrayBuffer());
  } catch {
    // a broken cache layer is a miss
  }
  const bytes = await download(url);
  if (colo !== undefined) {
    const headers = { 'content-type': 'application/octet-stream', 'cache-control': 'public, max-age=86400' };
    waitUntil(colo.put(key, new Response(bytes, { headers })).catch(() => undefined));
  }
  return bytes;
}
