/**
 * Quality gate: a candidate model whose offline metric is worse than the live model's by more
 * than `margin` (absolute, e.g. 0.02 nDCG@10) is not published. The comparison uses the metric
 * the live manifest recorded when it passed its own gate, computed by the same evaluator.
 * With no live model, or a live model that did not record the metric, there is nothing to
 * compare against on that side.
 *
 * Whatever the live model, the candidate must also reach the popularity baseline evaluated on
 * the same split (`baseline`): a personalised model that ranks worse than "most popular" is
 * broken (bad data, bad hyper-parameters), and on a first publish this is the only check there
 * is. No margin here: the baseline is measured in the same run, on the same users.
 * `force` publishes anyway, loudly.
 */
import type { Manifest } from '#shared/schemas';

/** Process exit code of a refused publish (distinct from 1 = error, 2 = bad usage). */
export const GATE_EXIT_CODE = 3;

export interface GateInput {
  metric: string;
  margin: number;
  candidate: Record<string, number>;
  live: Manifest | null;
  /** Metrics of the popularity baseline on the candidate's split (`metrics.models.popularity`). */
  baseline?: Record<string, number> | undefined;
  force?: boolean;
}

export interface GateDecision {
  passed: boolean;
  /** True when it failed but `force` let it through. */
  forced: boolean;
  metric: string;
  candidate: number | null;
  live: number | null;
  liveVersion: string | null;
  /** The popularity baseline's value of the metric on the same split, when it was given. */
  baseline: number | null;
  margin: number;
  message: string;
}

/**
 * Compares the candidate with the live model (never throws).
 *
 * @example
 * checkGate({ metric: 'ndcg@10', margin: 0.02, candidate: { 'ndcg@10': 0.30 }, live });
 * // { passed: false, message: 'quality gate: ndcg@10 0.3000 is worse than live v1 0.4100 by 0.1100 (> margin 0.02)…' }
 */
export function checkGate(input: GateInput): GateDecision {
  const { metric, margin, live } = input;
  const cand = input.candidate[metric];
  const liveValue = live?.model.metrics[metric];
  const base = {
    metric,
    margin,
    candidate: cand ?? null,
    live: liveValue ?? null,
    liveVersion: live?.version ?? null,
    baseline: input.baseline?.[metric] ?? null,
  };
  const fmt = (v: number) => v.toFixed(4);
  const failure =
    gateFailure(input.candidate, metric, cand, live, liveValue, margin) ??
    baselineFailure(metric, cand as number, base.baseline);
  if (failure === null) {
    let message = `quality gate: ${metric} ${fmt(cand as number)} vs live ${live?.version} ${fmt(liveValue ?? 0)} (margin ${margin}): passes`;
    if (live === null) message = `quality gate: no live model; ${metric} ${fmt(cand as number)} passes`;
    else if (liveValue === undefined)
      message = `quality gate: live ${live.version} has no ${metric}; ${fmt(cand as number)} passes`;
    return { ...base, passed: true, forced: false, message };
  }
  if (input.force)
    return { ...base, passed: false, forced: true, message: `${failure}; publishing anyway (--force)` };
  return {
    ...base,
    passed: false,
    forced: false,
    message: `${failure}; not published (use --force to override)`,
  };
}

/** Why the candidate fails, or null when it passes. */
function gateFailure(
  candidate: Record<string, number>,
  metric: string,
  cand: number | undefined,
  live: Manifest | null,
  liveValue: number | undefined,
  margin: number,
): string | null {
  const fmt = (v: number) => v.toFixed(4);
  if (cand === undefined || !Number.isFinite(cand)) {
    return `quality gate: the candidate has no finite ${metric} (metrics: ${Object.keys(candidate).join(', ') || 'none'})`;
  }
  if (live === null || liveValue === undefined || cand >= liveValue - margin) return null;
  return `quality gate: ${metric} ${fmt(cand)} is worse than live ${live.version} ${fmt(liveValue)} by ${fmt(liveValue - cand)} (> margin ${margin})`;
}

/** Why the candidate is below the popularity baseline on its own split, or null. */
function baselineFailure(metric: string, cand: number, baseline: number | null): string | null {
  if (baseline === null || !Number.isFinite(baseline) || cand >= baseline) return null;
  return `quality gate: ${metric} ${cand.toFixed(4)} is below the popularity baseline ${baseline.toFixed(4)} on the same split`;
}
