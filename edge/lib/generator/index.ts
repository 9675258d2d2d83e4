export type { CreativeGenerator } from './generator.ts';
export { GeneratorSlot, type GeneratorSlotOptions, type GeneratorState, type Releasable } from './slot.ts';
