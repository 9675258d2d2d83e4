/**
 * Building a `RecommendationResponse`, and the bookkeeping of degradations on the way: every
 * failure the serving path absorbs (stale manifest, a corrupt or unreachable shard, a broken
 * fallback blob) is noted with a stable reason code, logged once as a structured line, and
 * surfaced in the response's `degraded` field instead of becoming a 5xx.
 */
import { AppError, isAppError } from '#shared/errors';
import type { Degraded, RecommendationResponse, RecommendedItem, Strategy } from '#shared/schemas';
import { log, type RequestScope } from '../../lib/index.ts';
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

/** Stable reason code for a failed blob load. */
export function reasonFor(error: AppError): string {
  if (error.kind === 'corrupt') return 'shard_corrupt';
  if (error.kind === 'not_found') return 'shard_missing';
  return 'shard_unavailable';
}

/** Collects degradations for one answer. */
export class Degradations {
  private readonly notes: Degraded[] = [];

  constructor(private readonly ctx: RecommendContext) {}

  /** Records a note as is (manifest state). */
  add(note: Degraded | undefined): void {
    if (note !== undefined) this.notes.push(note);
  }

  /**
   * Records an absorbed failure of `what` (e.g. "user vector"). Programmer errors are not
   * absorbed: they are rethrown so they surface as a 500 and get fixed.
   */
  absorb(what: string, error: unknown): void {
    if (!isAppError(error)) throw error;
    this.notes.push({ reason: reasonFor(error), detail: `${what}: ${error.message}` });
  }

  /** The response body; logs the degradation when there is one. */
  respond(version: string | null, strategy: Strategy, items: RecommendedItem[]): RecommendationResponse {
    const first = this.notes[0];
    if (first === undefined) return { modelVersion: version, strategy, items };
    const detail = this.notes.map((n) => n.detail ?? n.reason).join('; ');
    const degraded = { reason: first.reason, detail };
    log('warn', 'answer_degraded', {
      route: this.ctx.route,
      version,
      strategy,
      reason: first.reason,
      detail,
    });
    return { modelVersion: version, strategy, degraded, items };
  }
}

/** Wraps an unknown rejection as an AppError (for failures of whole lists, already typed). */
export function asAppError(error: unknown): AppError {
  return isAppError(error) ? error : new AppError('unavailable', String(error), { cause: error });
}
