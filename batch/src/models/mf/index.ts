export type { FeatureMap, FitOptions, SparseFeatures } from './features.ts';
export {
  catalogueFeatureSources,
  catalogueFeatures,
  embedFeatures,
  fitFeatureMap,
  itemFeatureNames,
} from './features.ts';
export type { FoldInParams } from './fold-in.ts';
export { foldIn, foldInItems } from './fold-in.ts';
export type { IalsIteration, IalsOptions, IalsProgress, IalsResult } from './ials.ts';
export { trainIals } from './ials.ts';
export { ialsLoss } from './loss.ts';
export type { MfModel } from './model.ts';
export { foldInConstants, foldInParams, loadModel, saveModel, trainedFoldInParams } from './model.ts';
export type { Factors } from './recommender.ts';
export { MfRecommender } from './recommender.ts';
