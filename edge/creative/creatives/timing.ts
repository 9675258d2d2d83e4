/**
 * `Server-Timing` phases of one creative request (edge/lib's `ServerTiming` over these names).
 */
import type { ServerTiming } from '../../lib/index.ts';

export type CreativePhase =
  | 'manifest'
  | 'kit'
  | 'item'
  | 'picture'
  | 'cache'
  | 'session'
  | 'generate'
  | 'engine'
  | 'compose'
  | 'fallback';

export type CreativeTiming = ServerTiming<CreativePhase>;
