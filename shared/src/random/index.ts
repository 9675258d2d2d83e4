export type { Rng } from './rng.ts';
export { createRng } from './rng.ts';
export { hashLabel, mix32, splitmix32 } from './splitmix.ts';
