/**
 * The admin routes' guard: `Authorization: Bearer <ADMIN_SECRET>`, compared in constant time.
 * Without the secret configured nothing passes (a missing secret must never mean "open").
 */
import { equalSecrets } from '#shared/crypto';
import { AppError } from '#shared/errors';
import { log } from '../../lib/index.ts';
import { accessSecrets } from './secrets.ts';

/**
 * Resolves when `authorization` carries the admin secret.
 *
 * @throws AppError('unauthenticated') otherwise (same answer for missing, wrong and unconfigured).
 * @example
 * await requireAdmin(c.env, c.req.header('Authorization'));
 */
export async function requireAdmin(env: Env, authorization: string | undefined): Promise<void> {
  const secret = accessSecrets(env).ADMIN_SECRET;
  const given = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (secret === undefined) log('warn', 'admin_secret_missing', {});
  if (secret === undefined || given === undefined || !(await equalSecrets(given, secret))) {
    throw new AppError('unauthenticated', 'admin routes need Authorization: Bearer <admin secret>', {
      field: 'authorization',
    });
  }
}
