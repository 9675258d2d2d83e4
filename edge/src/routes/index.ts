export { adminRoutes } from './admin.ts';
export { healthRoutes } from './health.ts';
export { openApiRoutes } from './openapi.ts';
export { recommendationRoutes } from './recommendations.ts';
export { type AppEnv, linkCreatives, recommendContext, timedJson } from './request.ts';
export { similarRoutes } from './similar.ts';
