/**
 * Holdout assignment: which arm a session is in. A wire contract between the edge (which serves
 * and stamps the arm) and batch (which may recompute it): changing the hash reshuffles every
 * running experiment, so only change it together with the salt.
 *
 * FNV-1a over `salt:unit`, then the murmur3 finaliser: FNV alone leaves ids that differ only in
 * their last characters close together in the high bits, and the arm is decided by the value's
 * position in [0, 2³²), so the bits must be well mixed. Pure, synchronous, identical in Node and
 * workerd (no Web Crypto round trip on the request path).
 */
import type { Arm } from '#shared/schemas';
import { fnv1a32 } from '#shared/sharding';

/** murmur3's fmix32: full avalanche of a 32-bit value. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The unit's position in [0, 1): uniform over units, stable for a unit and salt.
 *
 * @example
 * holdoutPosition('s-42', 'holdout-1'); // the same number on every call, in every runtime
 */
export function holdoutPosition(unit: string, salt: string): number {
  return mix32(fnv1a32(`${salt}:${unit}`)) / 0x1_0000_0000;
}

/**
 * The arm of a session: `holdout` for the first `share` of
 * positions. Raising the share only moves sessions from `model` into `holdout`, never back.
 *
 * @example
 * armOf(sessionId, 0.05, 'holdout-1'); // 'model' for ~95 % of sessions
 */
export function armOf(unit: string, share: number, salt: string): Arm {
  return holdoutPosition(unit, salt) < share ? 'holdout' : 'model';
}
