/**
 * The recommend path's `Server-Timing` phases (manifest, user vector, routing, shard fetch,
 * scan, filter): the standard ones are always reported, 0 when a phase did not run (e.g. no
 * shard had to be fetched), so load generators can read every header the same way.
 */
import { ServerTiming } from '../../lib/index.ts';

/** The phases the recommend path reports, in the order they happen. */
export type Phase = 'manifest' | 'user' | 'route' | 'fetch' | 'scan' | 'filter' | 'fallback';

const STANDARD: readonly Phase[] = ['manifest', 'user', 'route', 'fetch', 'scan', 'filter'];

/** `Server-Timing` over the recommend phases. */
export class RecommendTiming extends ServerTiming<Phase> {
  constructor() {
    super(STANDARD);
  }
}
