/**
 * The Worker's access secrets (schema: `AccessSecrets` in shared/src/schemas/env.ts). They are
 * Workers secrets, not `[vars]`, so the generated `Env` does not list them; this is the one
 * place that reads them off the bindings.
 */
import { AccessSecrets } from '#shared/schemas';
import { parseWorkerVars } from '../../lib/index.ts';

/**
 * @example
 * const { ADMIN_SECRET } = accessSecrets(c.env);
 */
export function accessSecrets(env: Env): AccessSecrets {
  const raw = env as Env & Partial<Record<keyof AccessSecrets, string>>;
  return parseWorkerVars(AccessSecrets, {
    ADMIN_SECRET: raw.ADMIN_SECRET,
    USER_TOKEN_SECRET: raw.USER_TOKEN_SECRET,
  });
}
