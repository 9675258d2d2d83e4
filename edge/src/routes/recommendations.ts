/** `GET /v1/users/:userId/recommendations` and `POST /v1/recommendations`. */

import { Hono } from 'hono';
import { Id, RecommendationQuery, SessionRecommendationRequest } from '#shared/schemas';
import { recommendForSession, recommendForUser } from '../recommend/index.ts';
import { type AppEnv, recommendContext, timedJson } from './request.ts';
import { parseInput, readJson } from './validate.ts';

export const recommendationRoutes = new Hono<AppEnv>()
  .get('/v1/users/:userId/recommendations', async (c) => {
    const userId = parseInput(Id, c.req.param('userId'), 'userId');
    const query = parseInput(RecommendationQuery, c.req.query(), 'query');
    const ctx = recommendContext(c, 'user_recommendations');
    return timedJson(c, await recommendForUser(ctx, userId, query), ctx);
  })
  .post('/v1/recommendations', async (c) => {
    const body = parseInput(SessionRecommendationRequest, await readJson(c.req.raw), 'body');
    const ctx = recommendContext(c, 'session_recommendations');
    return timedJson(c, await recommendForSession(ctx, body), ctx);
  });
