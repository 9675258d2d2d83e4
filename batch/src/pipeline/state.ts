/**
 * `state/pipeline.json` in the model store: what `vitrine pipeline` remembers between runs (the
 * events watermark and the last version it published). Read leniently — a missing or damaged
 * file only resets the watermark, so the next run trains on everything it finds anyway.
 */
import { decodeJson, PIPELINE_STATE_KEY, PipelineState } from '#shared/schemas';
import { type BlobStore, getIfPresent } from '#shared/storage';

/**
 * The recorded state, or null when there is none or it is unreadable.
 *
 * @example
 * const state = await readPipelineState(store); // state?.eventsWatermark
 */
export async function readPipelineState(store: BlobStore): Promise<PipelineState | null> {
  const bytes = await getIfPresent(store, PIPELINE_STATE_KEY);
  if (bytes === null) return null;
  const state = decodeJson(bytes, PipelineState, 'pipeline state', PIPELINE_STATE_KEY);
  return state.ok ? state.value : null;
}

/**
 * Records `state` (validated) after a successful publish.
 *
 * @example
 * await writePipelineState(store, { dataUri, eventsWatermark, eventFiles, lastRunEventFiles, lastVersion, updatedAt });
 */
export async function writePipelineState(store: BlobStore, state: PipelineState): Promise<void> {
  const body = JSON.stringify(PipelineState.parse(state));
  await store.put(PIPELINE_STATE_KEY, new TextEncoder().encode(body), { contentType: 'application/json' });
}
