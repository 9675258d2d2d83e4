/**
 * The holdout arm at the edge: which sessions are served popularity instead of the model (the
 * uplift baseline `vitrine report` measures against). The assignment is `armOf` of
 * shared/src/holdout over the session id, so every request and every isolate agree, and the event
 * route stamps the same arm on what the session does afterwards. The unit is the session, not the
 * user: a request that names no session (a server-side call for a user) stays outside the
 * experiment and gets the model.
 */
import { armOf } from '#shared/holdout';
import { type Arm, HoldoutVars, type RecommendationResponse } from '#shared/schemas';
import { isolateConfig } from '../../lib/index.ts';
import type { ItemFilter } from '../scoring/index.ts';
import { type RecommendContext, startAnswer } from './answer.ts';
import { unknownCategoryAnswer } from './category.ts';
import { fallbackAnswer, type RankParams } from './fallback.ts';

/** The experiment's settings, parsed once per isolate (a bad var is a loud deployment error). */
export const holdoutConfig: (env: Env) => HoldoutVars = isolateConfig(HoldoutVars);

/**
 * The arm of the session `sessionId`; undefined when the experiment is off or no session is
 * named (such answers are the model's and stay outside the experiment).
 *
 * @example
 * const arm = holdoutArm(c.env, request.sessionId);
 */
export function holdoutArm(env: Env, sessionId: string | undefined): Arm | undefined {
  const { HOLDOUT_SHARE, HOLDOUT_SALT } = holdoutConfig(env);
  if (sessionId === undefined || HOLDOUT_SHARE <= 0) return undefined;
  return armOf(sessionId, HOLDOUT_SHARE, HOLDOUT_SALT);
}

/** `body` with its arm named (unchanged when outside the experiment). */
export function withArm(body: RecommendationResponse, arm: Arm | undefined): RecommendationResponse {
  return arm === undefined ? body : { ...body, arm };
}

/**
 * What a holdout answer filters by: the route's own request fields (its `diversity` and
 * `maxPerCategory` too, so both arms honour the page's layout constraints).
 */
export interface HoldoutRequest extends Omit<RankParams, 'k'> {
  k: number;
  category?: string | undefined;
  exclude: readonly string[];
  /** Session items, dropped from the answer as the model path drops them (`excludeSeen`). */
  seen?: readonly string[];
}

/**
 * The holdout arm's answer: the live model's popularity list under the request's filters,
 * exactly what a stranger gets (strategy `popular_fallback`), with the same degradations.
 *
 * @example
 * const body = arm === 'holdout' ? await holdoutAnswer(ctx, { k, exclude }) : await recommendForSession(ctx, request);
 */
export async function holdoutAnswer(
  ctx: RecommendContext,
  request: HoldoutRequest,
): Promise<RecommendationResponse> {
  const { notes, state } = await startAnswer(ctx);
  const filter: ItemFilter = {
    exclude: new Set([...request.exclude, ...(request.seen ?? [])]),
    category: request.category,
    availableOnly: true,
  };
  const manifest = state.loaded?.manifest;
  if (manifest !== undefined) {
    const unknown = await unknownCategoryAnswer(ctx, manifest, filter, notes, 'popular_fallback');
    if (unknown !== undefined) return unknown;
  }
  return fallbackAnswer(ctx, manifest, filter, request.k, notes, request);
}
