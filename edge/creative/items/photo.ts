/**
 * The product's own picture, fetched from its `imageUrl` (the shop's origin or CDN) with a
 * deadline and a byte cap, and kept in the colo cache under the URL so one picture is downloaded
 * once per colo. A URL whose host is not on the picture-host allowlist — checked again on every
 * redirect hop, so an allowed host cannot bounce the Worker elsewhere — is refused
 * (`permission_denied`) before any request; anything but a PNG or JPEG within the limits is
 * refused (`unavailable`). Either way the banner falls back to a generated picture: a broken
 * picture never breaks a banner.
 */
import { sniffImage } from '#shared/creatives';
import { AppError } from '#shared/errors';
import type { WebCache } from '../../lib/index.ts';
import type { PictureHosts } from './hosts.ts';

/** Largest picture downloaded. */
export const MAX_PHOTO_BYTES = 8 << 20;
const TIMEOUT_MS = 3_000;
const KEY_BASE = 'https://vitrine-creative.internal/v1/photos/';
/** Redirects followed (each hop checked against the allowlist). */
const MAX_REDIRECTS = 3;

function refuse(url: string): AppError {
  return new AppError('permission_denied', `picture host of ${url} is not in PICTURE_HOSTS`);
}

/** The final answer for `url`, following redirects by hand so each hop meets the allowlist. */
async function request(url: string, hosts: PictureHosts): Promise<Response> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let at = url;
  for (let hop = 0; ; hop++) {
    if (!hosts.allows(at)) throw refuse(at);
    let res: Response;
    try {
      res = await fetch(at, { signal, redirect: 'manual' });
    } catch (cause) {
      throw new AppError('unavailable', `picture ${at} could not be fetched: ${String(cause)}`, { cause });
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || location === null) return res;
    await res.body?.cancel();
    if (hop === MAX_REDIRECTS) throw new AppError('unavailable', `picture ${url} redirects too often`);
    at = new URL(location, at).href;
  }
}

async function download(url: string, hosts: PictureHosts): Promise<Uint8Array> {
  const res = await request(url, hosts);
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
 * const bytes = await fetchPhoto(item.imageUrl, services.pictureHosts, services.colo, (p) => ctx.waitUntil(p));
 */
export async function fetchPhoto(
  url: string,
  hosts: PictureHosts,
  colo: WebCache | undefined,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<Uint8Array> {
  // Before the cache too: a URL cached while its host was allowed is not served once it is not.
  if (!hosts.allows(url)) throw refuse(url);
  const key = KEY_BASE + encodeURIComponent(url);
  try {
    const hit = await colo?.match(key);
    if (hit !== undefined) return new Uint8Array(await hit.arrayBuffer());
  } catch {
    // a broken cache layer is a miss
  }
  const bytes = await download(url, hosts);
  if (colo !== undefined) {
    const headers = { 'content-type': 'application/octet-stream', 'cache-control': 'public, max-age=86400' };
    waitUntil(colo.put(key, new Response(bytes, { headers })).catch(() => undefined));
  }
  return bytes;
}
