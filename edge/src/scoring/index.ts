export { type Candidate, CandidatePool, type ScannableList } from './candidates.ts';
export { type ItemFilter, metadataMatches, passesIdFilters, rowFilter } from './filters.ts';
export { rankLists } from './router.ts';
export { exactScore, type RowFilter, scanInto } from './scanner.ts';
export { type SearchDeps, type SearchHit, type SearchOutcome, type SearchParams, search } from './search.ts';
