export {
  type EvaluateOptions,
  type EvaluationResult,
  evaluate,
} from './evaluate.ts';
export { METRIC_KEYS, metricsRecord, type RankingMetrics, rankingMetrics, userMetrics } from './metrics.ts';
export { type PopularityBy, PopularityRecommender, type Recommender } from './recommender.ts';
export {
  leaveLastOut,
  type Split,
  type StratifiedSplitOptions,
  stratifiedSplit,
  temporalSplit,
} from './splits.ts';
export { forEachScoredBatch, type RecommendOptions, topKItems } from './topk.ts';
