/**
 * The segment step of `vitrine pipeline` (batch/src/segments): with edge events as data, after
 * training, learns one taste vector per request-context group from the sessions' context and
 * the trained factors, for the manifest's `segments` section (published with the model by the
 * publish stage). Events without context (older edges, CSV data) publish no section.
 * `--segments user_tower` builds the vectors with the user tower instead (segments/tower.ts).
 */
import type { BlobRef, Manifest, SegmentTable } from '#shared/schemas';
import { splitUri } from '../jobs/inputs.ts';
import { foldInParams } from '../models/mf/model.ts';
import { learnSegments } from '../segments/learn.ts';
import { readSegmentSessions } from '../segments/sessions.ts';
import { learnTowerSegments } from '../segments/tower.ts';
import { openStore } from '../storage/open.ts';
import { need, type PipelineStage } from './stage.ts';

/**
 * Least distinct training users a published segment has. 5 rather than 20: on held-out new users
 * (bench:segments, docs/benchmarks.md) groups of 5–19 users gave better vectors than backing off
 * to a coarser group, on a thin store (+27% nDCG@10) and on a busier one (+1.3%).
 */
export const SEGMENT_MIN_USERS = 5;

/** How segment vectors are built (`--segments`): a group's fold-in, or the user tower. */
export const SEGMENT_METHODS = ['fold_in', 'user_tower'] as const;
export type SegmentMethod = (typeof SEGMENT_METHODS)[number];

export const segmentsStage: PipelineStage = {
  name: 'segments',
  async run(run) {
    if (run.format !== 'events') return undefined;
    const { model } = need(run, 'trained', 'segments');
    const { data } = run.options;
    const store = openStore(data.endsWith('/') ? splitUri(data).storeUri : data);
    const sessions = await readSegmentSessions(store, model.userIds, model.itemIds);
    const segmentModel = {
      dim: model.dim,
      userFactors: model.userFactors,
      itemFactors: model.itemFactors,
      foldIn: foldInParams(model),
    };
    const method = run.options.segments ?? 'fold_in';
    const minUsers = SEGMENT_MIN_USERS;
    const table =
      method === 'user_tower'
        ? await learnTowerSegments(sessions, segmentModel, { minUsers })
        : learnSegments(sessions, segmentModel, { method, minUsers });
    run.ctx.log.info('pipeline.segments', {
      sessions: sessions.length,
      segments: table.segments.length,
      method,
    });
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
