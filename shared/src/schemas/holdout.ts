/**
 * The holdout experiment: a fixed share of sessions is served the popularity list instead of the
 * model, so the model's effect on clicks and carts can be measured against a baseline that saw
 * the same shop at the same time (uplift). The arm is a pure function of the session id
 * (shared/src/holdout), so the edge assigns it the same way on every request and in every
 * isolate, stamps it on every stored event, and batch can recompute it.
 */
import * as z from 'zod';

/** `model`: the normal answer; `holdout`: the popularity list, for the uplift baseline. */
export const Arm = z.enum(['model', 'holdout']);
export type Arm = z.infer<typeof Arm>;

/** Recommend Worker vars of the experiment (all strings in wrangler.toml, hence coerced). */
export const HoldoutVars = z.object({
  HOLDOUT_SHARE: z.coerce
    .number()
    .min(0)
    .max(0.5)
    .default(0)
    .describe(
      'share of sessions (by a stable hash of the session id) served popularity as the holdout arm; 0 turns the experiment off',
    ),
  HOLDOUT_SALT: z
    .string()
    .min(1)
    .max(64)
    .default('holdout-1')
    .describe('salt of the assignment hash: a new salt reshuffles sessions into a fresh experiment'),
});
export type HoldoutVars = z.infer<typeof HoldoutVars>;
