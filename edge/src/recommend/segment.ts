/**
 * Segment cold start at the edge: a visitor with no session items and no trained vector is
 * ranked by the taste vector of their user group (schemas/segments.ts), learned in batch from
 * the request context of past sessions (batch/src/segments). The most specific published segment
 * of the request's context answers (landing category, referrer host, country, device class, then
 * coarser combinations); a context in no published segment, a model without a segment table, or
 * an unreadable table (a degradation, noted) leaves the answer to the popularity fallback.
 */
import {
  type Manifest,
  type RecommendationResponse,
  type SegmentContext,
  SegmentTable,
  segmentKeys,
} from '#shared/schemas';
import type { ItemFilter } from '../scoring/index.ts';
import type { Degradations, RecommendContext } from './answer.ts';
import { rankedAnswer } from './ranked.ts';

/** Key → vector of each table the isolate has read (tables are immutable blobs). */
const indexes = new WeakMap<SegmentTable, Map<string, Float32Array>>();

function indexOf(table: SegmentTable): Map<string, Float32Array> {
  let index = indexes.get(table);
  if (index === undefined) {
    index = new Map(table.segments.map((s) => [s.key, Float32Array.from(s.vector)]));
    indexes.set(table, index);
  }
  return index;
}

/**
 * The segment answer for `context`, or undefined when no segment applies.
 *
 * @example
 * const body = (await segmentAnswer(ctx, manifest, context, filter, request, notes)) ?? (await fallbackAnswer(…));
 */
export async function segmentAnswer(
  ctx: RecommendContext,
  manifest: Manifest,
  context: SegmentContext | undefined,
  filter: ItemFilter,
  params: Parameters<typeof rankedAnswer>[5],
  notes: Degradations,
): Promise<RecommendationResponse | undefined> {
  const section = manifest.segments;
  const keys = context === undefined ? [] : segmentKeys(context);
  if (section === undefined || keys.length === 0) return undefined;
  let table: SegmentTable;
  try {
    table = await ctx.timing.measure('user', () =>
      ctx.services.store.json(section.table, 'segments', SegmentTable, ctx.scope),
    );
  } catch (error) {
    notes.absorb('segment table', error);
    return undefined;
  }
  if (table.dim !== manifest.model.dim) return undefined; // a table of another model: not ours to use
  const index = indexOf(table);
  const key = keys.find((k) => index.has(k));
  if (key === undefined) return undefined;
  const body = await rankedAnswer(
    ctx,
    manifest,
    index.get(key) as Float32Array,
    'segment_vector',
    filter,
    params,
    notes,
  );
  return body.strategy === 'segment_vector' ? { ...body, segment: key } : body;
}
