/**
 * The factors iALS starts from: a warm start's copies (a refit) or seeded random ones; session
 * rows (session-rows.ts) always start random, after the users.
 */
import { createRng } from '#shared/random';
import type { MfConfig } from '#shared/schemas';
import type { Initial } from './ials-compute.ts';

/**
 * Copies of the given warm start, or random factors (checked against the set's shape); `sessions`
 * session rows get random factors after the users either way (a warm start has none).
 */
export function startingFactors(
  config: MfConfig,
  numUsers: number,
  numItems: number,
  given: { userFactors: Float32Array; itemFactors: Float32Array } | undefined,
  sessions: number,
): Initial {
  const dim = config.factors;
  const rng = createRng(config.seed);
  if (given) {
    if (given.userFactors.length !== numUsers * dim || given.itemFactors.length !== numItems * dim)
      throw new RangeError(
        `warm start has the wrong shape for ${numUsers} users × ${numItems} items × ${dim}`,
      );
    const users = new Float32Array((numUsers + sessions) * dim);
    users.set(given.userFactors);
    users.set(randomFactors(rng.fork('sessions'), sessions, dim, config.initScale), numUsers * dim);
    return { users, items: new Float32Array(given.itemFactors) };
  }
  return {
    users: randomFactors(rng.fork('users'), numUsers + sessions, dim, config.initScale),
    items: randomFactors(rng.fork('items'), numItems, dim, config.initScale),
  };
}

/** N(0, (initScale/√dim)²) factors from a forked stream, so users and items never share draws. */
function randomFactors(rng: ReturnType<typeof createRng>, rows: number, dim: number, initScale: number) {
  const out = new Float32Array(rows * dim);
  const std = initScale / Math.sqrt(dim);
  for (let k = 0; k < out.length; k++) out[k] = rng.normal() * std;
  return out;
}
