/**
 * The request context a stranger's segment is looked up by, and that the event route stamps on
 * stored events: country from Cloudflare (`request.cf.country`), a device class from the
 * User-Agent, the host of the session's landing referrer, the landing page's category. Coarse on
 * purpose (privacy): the UA and the referrer URL themselves are never kept or logged.
 */
import {
  CategoryId,
  CountryCode,
  type DeviceClass,
  ReferrerDomain,
  type SegmentContext,
} from '#shared/schemas';

const BOT = /bot|crawl|spider|slurp|headless|lighthouse|preview/i;
const TABLET = /ipad|tablet|kindle|silk|playbook|nexus (7|9|10)/i;
const MOBILE = /mobi|iphone|ipod|windows phone|blackberry|opera mini/i;

/**
 * Device class of a User-Agent string (undefined when there is none).
 *
 * @example
 * deviceClass('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) …'); // 'mobile'
 */
export function deviceClass(userAgent: string | null | undefined): DeviceClass | undefined {
  if (userAgent === null || userAgent === undefined || userAgent.trim() === '') return undefined;
  if (BOT.test(userAgent)) return 'bot';
  // Android tablets say "Android" without "Mobile".
  if (TABLET.test(userAgent) || (/android/i.test(userAgent) && !/mobile/i.test(userAgent))) return 'tablet';
  if (MOBILE.test(userAgent)) return 'mobile';
  return 'desktop';
}

/**
 * The host of a referrer URL, lower case, without `www.`; `direct` for an empty referrer;
 * undefined for anything that is not an http(s) URL.
 *
 * @example
 * referrerDomain('https://www.Example.org/search?q=shoes'); // 'example.org'
 */
export function referrerDomain(referrer: string | undefined): string | undefined {
  if (referrer === undefined) return undefined;
  if (referrer.trim() === '') return 'direct';
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  return ReferrerDomain.safeParse(host).success ? host : undefined;
}

/** `request.cf.country` when it is a real ISO code (Cloudflare also says `T1` for Tor, `XX`). */
export function countryOf(request: Request): string | undefined {
  const country = (request as { cf?: { country?: unknown } }).cf?.country;
  return CountryCode.safeParse(country).success && country !== 'XX' ? (country as string) : undefined;
}

/**
 * The segment context of a request, with what the client said about its session.
 *
 * @example
 * const context = segmentContext(c.req.raw, { referrer: body.referrer, landing: body.landingCategory });
 */
export function segmentContext(
  request: Request,
  client: { referrer?: string | undefined; landing?: string | undefined },
): SegmentContext {
  const context: SegmentContext = {};
  const country = countryOf(request);
  const device = deviceClass(request.headers.get('user-agent'));
  const referrer = referrerDomain(client.referrer);
  if (client.landing !== undefined && CategoryId.safeParse(client.landing).success)
    context.landing = client.landing;
  if (referrer !== undefined) context.referrer = referrer;
  if (country !== undefined) context.country = country;
  if (device !== undefined) context.device = device;
  return context;
}
