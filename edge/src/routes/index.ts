export { errorJson, notFoundJson } from './errors.ts';
export { healthRoutes } from './health.ts';
export { openApiRoutes } from './openapi.ts';
export { recommendationRoutes } from './recommendations.ts';
export { type AppEnv, linkCreatives, recommendContext, scopeOf, timedJson } from './request.ts';
export { similarRoutes } from './similar.ts';
export { MAX_BODY_BYTES, parseInput, readJson } from './validate.ts';
