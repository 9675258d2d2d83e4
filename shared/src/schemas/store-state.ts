/**
 * Small bookkeeping documents the batch job keeps under `state/` in the model store, next to
 * `manifests/` and `blobs/`. Only batch processes read them (the edge never does), but separate
 * runs and machines do, so they are schemas like every other stored format.
 */
import * as z from 'zod';
import { Timestamp } from './common.ts';
import { Version } from './manifest.ts';

/** One marker per publish in progress: `state/publishing/<version>.json`. */
export const PUBLISHING_PREFIX = 'state/publishing/';
export const publishingKey = (version: string): string => `${PUBLISHING_PREFIX}${version}.json`;

/** Written before a publish touches any blob, deleted after it flips the pointer. */
export const PublishMarker = z.object({
  version: Version,
  startedAt: Timestamp,
  /** Host/process that publishes, for humans clearing a stale marker. */
  owner: z.string().max(200),
});
export type PublishMarker = z.infer<typeof PublishMarker>;

export const PIPELINE_STATE_KEY = 'state/pipeline.json';

/** What `vitrine pipeline` remembers between runs. */
export const PipelineState = z.object({
  /** Data store URI the events were read from (a different store resets the watermark). */
  dataUri: z.string(),
  /** Largest `events/…` key consumed so far (keys sort by partition time). */
  eventsWatermark: z.string().nullable(),
  /** Event files consumed in total, and in the last run. */
  eventFiles: z.number().int().nonnegative(),
  lastRunEventFiles: z.number().int().nonnegative(),
  lastVersion: Version.nullable(),
  updatedAt: Timestamp,
});
export type PipelineState = z.infer<typeof PipelineState>;
