export { dot } from './dot.ts';
export type { TopKResult } from './heap.ts';
export { TopK } from './heap.ts';
export type { ScoredId, TopKOptions } from './topk.ts';
export { mergeTopK, topK } from './topk.ts';
