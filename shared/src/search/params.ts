/**
 * `SearchParams`: what a caller asks of an IVF search. `k` and `nprobe` travel together (one
 * value for the edge routes, batch recall measurement and calibration alike).
 */

export interface SearchParams {
  /** How many results. */
  k: number;
  /** How many inverted lists to scan (widened by the caller when filters or failures leave it short). */
  nprobe: number;
  /** Candidates kept per result before the exact f32 rerank of a quantised index (default 4). */
  rerankFactor?: number;
}

/** Candidates kept per result before the exact rerank when `rerankFactor` is not given. */
export const DEFAULT_RERANK_FACTOR = 4;

/** How many candidates the scan keeps: k, or k · rerankFactor when an exact rerank follows. */
export function poolSize(params: SearchParams, reranked: boolean): number {
  return reranked ? params.k * (params.rerankFactor ?? DEFAULT_RERANK_FACTOR) : params.k;
}
