export { solveSpd } from './cholesky.ts';
export { type FoldInItem, type FoldInParams, foldIn } from './fold-in.ts';
export { lookupVectors, rowVector, type VectorLookup } from './vectors.ts';
