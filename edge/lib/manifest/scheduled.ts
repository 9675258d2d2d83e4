/**
 * The cron trigger both Workers share: re-read manifests/current.json now, whatever the TTL says,
 * so quiet isolates pick up a new model (and the creative Worker starts building the new
 * generator's session) off the request path. A failed refresh is logged and rethrown so the cron
 * run shows as failed, while requests keep being served from the last good manifest.
 */
import { AppError } from '#shared/errors';
import { log } from '../observability/log.ts';
import type { RequestScope } from '../scope.ts';
import type { ManifestProvider } from './provider.ts';

/**
 * Refreshes `manifests` for the cron run `cron`.
 *
 * @example
 * async scheduled(controller, env, ctx) { await refreshOnSchedule(servicesFor(env).manifests, controller.cron, ctx); }
 */
export async function refreshOnSchedule(
  manifests: ManifestProvider,
  cron: string,
  scope: RequestScope,
): Promise<void> {
  const outcome = await manifests.refresh(scope);
  log('info', 'scheduled_refresh', { cron, outcome });
  if (outcome === 'failed')
    throw new AppError('unavailable', 'manifest refresh failed; serving the last good model');
}
