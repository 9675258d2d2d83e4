export { type Candidate, CandidatePool, finalTopK, type ScanList } from './candidates.ts';
export { DEFAULT_RERANK_FACTOR, poolSize, type SearchParams } from './params.ts';
export { type CentroidBlock, rankLists } from './router.ts';
export { exactScore, type RowFilter, scanInto } from './scanner.ts';
