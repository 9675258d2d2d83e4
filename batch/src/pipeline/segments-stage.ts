/**
 * The segment step of `vitrine pipeline` (batch/src/segments): with edge events as data, after
 * training, learns one taste vector per request-context group from the sessions' context and
 * the trained factors, for the manifest's `segments` section (published with the model by the
 * publish stage). Events without context (older edges, CSV data) publish no section.
 */
import type { BlobRef, Manifest, SegmentTable } from '#shared/schemas';
import { splitUri } from '../jobs/inputs.ts';
import { foldInParams } from '../models/mf/model.ts';
import { learnSegments } from '../segments/learn.ts';
import { readSegmentSessions } from '../segments/sessions.ts';
import { openStore } from '../storage/open.ts';
import { need, type PipelineStage } from './stage.ts';

/** Least distinct training users a published segment has. */
export const SEGMENT_MIN_USERS = 20;

export const segmentsStage: PipelineStage = {
  name: 'segments',
  async run(run) {
    if (run.format !== 'events') return undefined;
    const { model } = need(run, 'trained', 'segments');
    const { data } = run.options;
    const store = openStore(data.endsWith('/') ? splitUri(data).storeUri : data);
    const sessions = await readSegmentSessions(store, model.userIds, model.itemIds);
    const table = learnSegments(
      sessions,
      {
        dim: model.dim,
        userFactors: model.userFactors,
        itemFactors: model.itemFactors,
        foldIn: foldInParams(model),
      },
      { method: 'fold_in', minUsers: SEGMENT_MIN_USERS },
    );
    run.ctx.log.info('pipeline.segments', { sessions: sessions.length, segments: table.segments.length });
    if (table.segments.length > 0) run.segments = table;
    return undefined;
  },
};

/**
 * Stores `table` as a blob of the publish session and returns the manifest section naming it.
 *
 * @example
 * const section = await segmentsSection(table, SEGMENT_MIN_USERS, putBlob);
 */
export async function segmentsSection(
  table: SegmentTable,
  minUsers: number,
  putBlob: (bytes: Uint8Array) => Promise<BlobRef>,
): Promise<Pick<Manifest, 'segments'>> {
  const ref = await putBlob(new TextEncoder().encode(JSON.stringify(table)));
  return { segments: { table: ref, count: table.segments.length, minUsers } };
}
