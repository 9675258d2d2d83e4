export { type DegradationNote, Degradations, type RecommendContext, reasonFor } from './answer.ts';
export { withItemDetails } from './details.ts';
export { fallbackAnswer } from './fallback.ts';
export { rankedAnswer } from './ranked.ts';
export { recommendForSession } from './session.ts';
export { similarItems } from './similar.ts';
export { recommendForUser } from './user.ts';
