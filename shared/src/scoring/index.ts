export {
  categorySimilarity,
  DIVERSITY_POOL_FACTOR,
  type DiversityOptions,
  diversify,
  MAX_DIVERSITY_POOL,
  type RerankCandidate,
  rerankPoolSize,
  wantsRerank,
} from './diversity.ts';
export { dot } from './dot.ts';
export type { TopKResult } from './heap.ts';
export { TopK } from './heap.ts';
export type { TopKOptions } from './topk.ts';
export { topK } from './topk.ts';
