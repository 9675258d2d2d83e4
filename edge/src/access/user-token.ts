/**
 * Signed user tokens at the edge (format and signing: shared/src/access/user-token.ts). Routes
 * that personalise for a `userId`, and events that carry one, need a token the shop's backend
 * signed for that id; anonymous sessions need none. The token travels in `X-Vitrine-User-Token`;
 * where headers cannot be set, in the body (`POST /v1/events` from `navigator.sendBeacon`) or, for
 * links and curl examples, in `?userToken=` — which request logs keep, so the widget never uses it.
 */
import { verifyUserToken } from '#shared/access';
import { AppError } from '#shared/errors';
import { credentialOf } from './credential.ts';
import { accessSecrets } from './secrets.ts';

export const USER_TOKEN_HEADER = 'X-Vitrine-User-Token';
export const USER_TOKEN_PARAM = 'userToken';

/** The user token a request carries — header, else `bodyToken`, else query — or null. */
export function userTokenOf(request: Request, bodyToken?: string): string | null {
  const header = request.headers.get(USER_TOKEN_HEADER);
  if (bodyToken !== undefined && (header === null || header === '')) return bodyToken;
  return credentialOf(request, USER_TOKEN_HEADER, USER_TOKEN_PARAM);
}

/**
 * The user id the request's token vouches for; undefined when it carries none.
 *
 * @throws AppError('unauthenticated') for a malformed, forged or expired token, or when the
 *   Worker has no USER_TOKEN_SECRET (nothing can be verified).
 * @example
 * const vouched = await tokenUser(c.env, c.req.raw);
 */
export async function tokenUser(env: Env, request: Request, bodyToken?: string): Promise<string | undefined> {
  const token = userTokenOf(request, bodyToken);
  if (token === null) return undefined;
  const secret = accessSecrets(env).USER_TOKEN_SECRET;
  if (secret === undefined) {
    throw new AppError('unauthenticated', 'user tokens are not configured on this Worker', {
      field: 'userToken',
    });
  }
  const checked = await verifyUserToken(secret, token, Date.now());
  if (!checked.ok) throw checked.error;
  return checked.value;
}

/**
 * How training names an anonymous session as a user (batch/src/data/events.ts). Such an id is the
 * browser's own random session id: holding it is the proof, so it needs no token.
 */
const SESSION_USER_PREFIX = 'session:';

/**
 * Resolves when the request carries a valid token for `userId` (or `userId` is an anonymous
 * session's `session:<id>`).
 *
 * @throws AppError('unauthenticated') without a valid token; AppError('permission_denied') when
 *   the token is for another user.
 * @example
 * await requireUserToken(c.env, c.req.raw, userId);
 */
export async function requireUserToken(env: Env, request: Request, userId: string): Promise<void> {
  if (userId.startsWith(SESSION_USER_PREFIX)) return;
  const vouched = await tokenUser(env, request);
  if (vouched === undefined) {
    throw new AppError(
      'unauthenticated',
      `a userId needs a user token signed by the shop (${USER_TOKEN_HEADER} or ?${USER_TOKEN_PARAM}=)`,
      { field: 'userToken' },
    );
  }
  if (vouched !== userId) {
    throw new AppError('permission_denied', 'the user token is for another user', { field: 'userId' });
  }
}
