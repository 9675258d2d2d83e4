/** `GET /v1/items/:itemId/similar`. */

import { Hono } from 'hono';
import { Id, SimilarQuery } from '#shared/schemas';
import { parseInput } from '../../lib/index.ts';
import { similarItems, withItemDetails } from '../recommend/index.ts';
import { type AppEnv, linkCreatives, recommendContext, timedJson } from './request.ts';

export const similarRoutes = new Hono<AppEnv>().get('/v1/items/:itemId/similar', async (c) => {
  const itemId = parseInput(Id, c.req.param('itemId'), 'itemId');
  const query = parseInput(SimilarQuery, c.req.query(), 'query');
  const ctx = recommendContext(c, 'similar_items');
  const body = await withItemDetails(ctx, await similarItems(ctx, itemId, query), query);
  return timedJson(c, await linkCreatives(c, ctx, body, query), ctx);
});
