/**
 * Building a `RecommendationResponse`, and the bookkeeping of degradations on the way: every
 * I/O failure the serving path absorbs (stale manifest, a corrupt, missing, unreachable or slow
 * blob) is noted with a stable reason code, logged once as a structured line with the details
 * and the request id, and surfaced to the client as the reason code only. Anything else (a bug)
 * is not absorbed: it propagates to the one error mapping and becomes a 500.
 */
import { type AppError, isIoError } from '#shared/errors';
import type { DegradedReason, RecommendationResponse, RecommendedItem, Strategy } from '#shared/schemas';
import { log, type ManifestState, type RequestScope } from '../../lib/index.ts';
import type { Services } from '../context/index.ts';
import type { RecommendTiming } from '../observability/timing.ts';

/** What every strategy needs for one request. */
export interface RecommendContext {
  services: Services;
  scope: RequestScope;
  timing: RecommendTiming;
  /** Route name for logs. */
  route: string;
}

/** A degradation as the log sees it: the public code plus internals for the operator. */
export interface DegradationNote {
  reason: DegradedReason;
  detail: string;
}

/** Stable reason code for a failed blob load. */
export function reasonFor(error: AppError): DegradedReason {
  if (error.kind === 'corrupt') return 'shard_corrupt';
  if (error.kind === 'not_found') return 'shard_missing';
  if (error.kind === 'deadline_exceeded') return 'deadline_exceeded';
  return 'shard_unavailable';
}

/** Collects degradations for one answer. */
export class Degradations {
  private readonly notes: DegradationNote[] = [];

  constructor(private readonly ctx: RecommendContext) {}

  /** Records a note as is (manifest state). */
  add(note: DegradationNote | undefined): void {
    if (note !== undefined) this.notes.push(note);
  }

  /**
   * Records an absorbed I/O failure of `what` (e.g. "user vector"). Anything else is a bug and
   * is rethrown, so it surfaces as a 500 and gets fixed.
   */
  absorb(what: string, error: unknown): void {
    if (!isIoError(error)) throw error;
    this.notes.push({ reason: reasonFor(error), detail: `${what}: ${error.message}` });
  }

  /** The response body; logs the degradation (with its details) when there is one. */
  respond(version: string | null, strategy: Strategy, items: RecommendedItem[]): RecommendationResponse {
    const first = this.notes[0];
    if (first === undefined) return { modelVersion: version, strategy, items };
    log('warn', 'answer_degraded', {
      requestId: this.ctx.scope.requestId,
      route: this.ctx.route,
      version,
      strategy,
      reason: first.reason,
      reasons: this.notes.map((n) => n.reason),
      detail: this.notes.map((n) => n.detail).join('; '),
    });
    return { modelVersion: version, strategy, degraded: { reason: first.reason }, items };
  }
}

/**
 * What every strategy starts from: the answer's degradation notes, opened with the manifest
 * state (timed as `manifest`) already recorded.
 *
 * @example
 * const { notes, state } = await startAnswer(ctx);
 * if (!state.loaded) return notes.respond(null, 'popular_fallback', []);
 */
export async function startAnswer(
  ctx: RecommendContext,
): Promise<{ notes: Degradations; state: ManifestState }> {
  const notes = new Degradations(ctx);
  const state = await ctx.timing.measure('manifest', () => ctx.services.manifests.current(ctx.scope));
  notes.add(state.degraded);
  return { notes, state };
}
