/**
 * Publishable keys: which shop a browser request speaks for. A key is public (it ships in the
 * page), so on its own it proves nothing; what makes it useful is that it is bound to the origins
 * of the shop's pages, and browsers set `Origin` themselves. Another site's pages cannot send
 * events with the key (wrong origin → 403), and a non-browser client that forges `Origin` still
 * meets the per-key rate limit. Keys travel in `X-Vitrine-Key` or, for `navigator.sendBeacon`
 * (which cannot set headers), in the `key` query parameter.
 */
import { AppError } from '#shared/errors';
import type { PublishableKeys } from '#shared/schemas';
import { credentialOf } from '../access/index.ts';

export const KEY_HEADER = 'X-Vitrine-Key';
export const KEY_PARAM = 'key';

/** The publishable key a request carries, or null. */
export function keyOf(request: Request): string | null {
  return credentialOf(request, KEY_HEADER, KEY_PARAM);
}

/**
 * The request's key when it is known and its `Origin` is one the key allows.
 *
 * @throws AppError('unauthenticated') without a key or with an unknown one;
 *   AppError('permission_denied') when `Origin` is missing or not allowed for the key.
 * @example
 * const key = authorize(config.PUBLISHABLE_KEYS, c.req.raw);
 */
export function authorize(keys: PublishableKeys, request: Request): string {
  const key = keyOf(request);
  if (key === null) {
    throw new AppError(
      'unauthenticated',
      `a publishable key is required (${KEY_HEADER} header or ?${KEY_PARAM}=)`,
      {
        field: 'key',
      },
    );
  }
  const origins = Object.hasOwn(keys, key) ? keys[key] : undefined;
  if (origins === undefined)
    throw new AppError('unauthenticated', 'unknown publishable key', { field: 'key' });
  const origin = request.headers.get('Origin');
  if (origin === null) {
    throw new AppError('permission_denied', 'an Origin header is required with a publishable key', {
      field: 'origin',
    });
  }
  if (!origins.includes(origin)) {
    throw new AppError('permission_denied', `origin ${origin} is not allowed for this key`, {
      field: 'origin',
    });
  }
  return key;
}

const unions = new WeakMap<PublishableKeys, Set<string>>();

/** Every origin some key allows: the CORS allowlist of the read-only API routes. */
export function allowedOrigins(keys: PublishableKeys): Set<string> {
  let set = unions.get(keys);
  if (set === undefined) {
    set = new Set(Object.values(keys).flat());
    unions.set(keys, set);
  }
  return set;
}

/** The first key that allows `origin` (the demo page uses it), or null. */
export function keyForOrigin(keys: PublishableKeys, origin: string): string | null {
  for (const [key, origins] of Object.entries(keys)) if (origins.includes(origin)) return key;
  return null;
}
