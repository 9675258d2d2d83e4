export { type ItemFilter, metadataMatches, passesIdFilters, rowFilter } from './filters.ts';
export {
  type EdgeSearchParams,
  type SearchDeps,
  type SearchHit,
  type SearchOutcome,
  search,
} from './search.ts';
