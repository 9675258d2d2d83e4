/** `GET /v1/users/:userId/recommendations` and `POST /v1/recommendations`. */

import { Hono } from 'hono';
import { Id, RecommendationQuery, SessionRecommendationRequest } from '#shared/schemas';
import { parseInput, readJson } from '../../lib/index.ts';
import { requireUserToken } from '../access/index.ts';
import { holdoutAnswer, holdoutArm, withArm } from '../recommend/holdout.ts';
import { recommendForSession, recommendForUser, withItemDetails } from '../recommend/index.ts';
import { segmentContext } from '../recommend/segment-context.ts';
import { type AppEnv, linkCreatives, recommendContext, timedJson } from './request.ts';

export const recommendationRoutes = new Hono<AppEnv>()
  .get('/v1/users/:userId/recommendations', async (c) => {
    const userId = parseInput(Id, c.req.param('userId'), 'userId');
    const query = parseInput(RecommendationQuery, c.req.query(), 'query');
    const ctx = recommendContext(c, 'user_recommendations');
    await requireUserToken(c.env, c.req.raw, userId);
    const arm = holdoutArm(c.env, query.sessionId);
    const body = withArm(
      arm === 'holdout' ? await holdoutAnswer(ctx, query) : await recommendForUser(ctx, userId, query),
      arm,
    );
    // Both arms' items get their cards when asked: the widget shows either the same way.
    const detailed = await withItemDetails(ctx, body, query);
    return timedJson(c, await linkCreatives(c, ctx, detailed, query), ctx);
  })
  .post('/v1/recommendations', async (c) => {
    const request = parseInput(SessionRecommendationRequest, await readJson(c.req.raw), 'body');
    const ctx = recommendContext(c, 'session_recommendations');
    if (request.userId !== undefined) await requireUserToken(c.env, c.req.raw, request.userId);
    const arm = holdoutArm(c.env, request.sessionId);
    const seen = request.excludeSeen ? request.items : [];
    const body = withArm(
      arm === 'holdout'
        ? await holdoutAnswer(ctx, { ...request, seen })
        : await recommendForSession(
            ctx,
            request,
            segmentContext(c.req.raw, { referrer: request.referrer, landing: request.landingCategory }),
          ),
      arm,
    );
    const detailed = await withItemDetails(ctx, body, request);
    return timedJson(c, await linkCreatives(c, ctx, detailed, request), ctx);
  });
