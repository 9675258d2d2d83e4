export { choleskyFactor, choleskySolve, solveSpd } from './cholesky.ts';
export {
  type ExplainedFoldIn,
  type FoldInItem,
  type FoldInParams,
  foldIn,
  foldInExplained,
} from './fold-in.ts';
export { lookupVectors, rowVector, type VectorLookup } from './vectors.ts';
